/// The shape of every aggregate: a pure decision function and a pure fold (Chassaing's Decider).
///
/// `decide` says which events a command causes in a state, or throws why it cannot happen;
/// `evolve` folds one event into the state. Neither does I/O, reads a clock or draws randomness.
public protocol Decider {
    associatedtype Command: Sendable
    associatedtype Event: Sendable
    associatedtype State: Sendable
    associatedtype Failure: Error

    /// The aggregate's name on the wire (`aggregate_type` header).
    static var aggregateType: String { get }
    /// The state before any event.
    static var initialState: State { get }
    /// The events the command causes, or the rule it breaks.
    static func decide(_ command: Command, _ state: State) throws(Failure) -> [Event]
    /// The state after the event.
    static func evolve(_ state: State, _ event: Event) -> State
}

extension Decider {
    /// Folds a history of events from the initial state.
    public static func replay<S: Sequence>(_ events: S, from state: State = initialState) -> State
    where S.Element == Event {
        events.reduce(state, evolve)
    }
}
