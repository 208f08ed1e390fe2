import FinancingDomain
import Testing

/// Given/when/then for any decider: `Investor.given([events]).when(command).then([events])`.
///
/// The history is folded with the decider's own `evolve`, so a scenario reads exactly like a row
/// of SPEC §1: what happened, what is asked, what happens (or which rule refuses it).
struct DeciderScenario<D: Decider> {
    /// The state the history folds to.
    let state: D.State

    /// The outcome of one command in that state.
    func when(_ command: D.Command) -> Outcome {
        Outcome(state: state, command: command)
    }

    /// A command about to be decided.
    struct Outcome {
        let state: D.State
        let command: D.Command

        /// Expects the command to succeed with exactly these events, in this order; returns the state after them.
        @discardableResult
        func then(_ expected: [D.Event], sourceLocation: SourceLocation = #_sourceLocation) -> D.State
        where D.Event: Equatable {
            do {
                let events = try D.decide(command, state)
                #expect(events == expected, sourceLocation: sourceLocation)
                return D.replay(events, from: state)
            } catch {
                Issue.record("expected \(expected), but it failed with \(error)", sourceLocation: sourceLocation)
                return state
            }
        }

        /// Expects the command to be refused for exactly this reason, raising no event.
        func thenFails(_ expected: D.Failure, sourceLocation: SourceLocation = #_sourceLocation)
        where D.Failure: Equatable {
            do {
                let events = try D.decide(command, state)
                Issue.record("expected failure \(expected), but it raised \(events)", sourceLocation: sourceLocation)
            } catch {
                #expect(error == expected, sourceLocation: sourceLocation)
            }
        }
    }
}

extension Decider {
    /// Starts a scenario from the state this history of events folds to (none: the initial state).
    static func given(_ history: [Event] = []) -> DeciderScenario<Self> {
        DeciderScenario(state: replay(history))
    }

    /// Starts a scenario from a state no history of `decide` could produce (e.g. pots at the Int64 bounds).
    static func given(state: State) -> DeciderScenario<Self> {
        DeciderScenario(state: state)
    }
}
