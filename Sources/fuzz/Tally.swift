import Foundation
import GRPCCore
import Synchronization

/// Everything the workers observed, shared between them and the progress reporter.
final class Tally: Sendable {
    private struct State {
        var cases: [CaseTally]
        var sent = 0
        var nonOK = 0
        var probes = 0
        /// request_ids of malformed commands: none may be recorded.
        var forbiddenIDs: Set<UUID> = []
        /// request_ids of valid commands the client abandoned: they may be recorded.
        var abandonedIDs: Set<UUID> = []
    }

    private let state: Mutex<State>

    init(caseCount: Int) {
        state = Mutex(State(cases: Array(repeating: CaseTally(), count: caseCount)))
    }

    func record(
        index: Int, caseIndex: Int, _ fuzzCase: FuzzCase, _ request: FuzzRequest, _ outcome: CallOutcome,
        micros: Int64
    ) {
        let failure = Self.failure(fuzzCase, outcome)
        state.withLock { state in
            state.sent += 1
            if fuzzCase.isProbe { state.probes += 1 } else if !outcome.isOK { state.nonOK += 1 }
            if let id = request.requestID {
                if fuzzCase.mayBeRecorded { state.abandonedIDs.insert(id) } else { state.forbiddenIDs.insert(id) }
            }
            var tally = state.cases[caseIndex]
            tally.sent += 1
            tally.statuses[outcome.statusName, default: 0] += 1
            tally.totalMicros += micros
            tally.maxMicros = max(tally.maxMicros, micros)
            switch failure {
            case .none: break
            case .accepted: tally.accepted += 1
            case .unexpected: tally.unexpected += 1
            case .unnamed: tally.unnamed += 1
            }
            if failure != nil || (fuzzCase.isProbe && !Self.usualProbeAnswers.contains(outcome.statusName)) {
                let message = outcome.otherError ?? outcome.message
                tally.note("#\(index) [\(request.variant)] → \(outcome.statusName) \(message.prefix(160))")
            }
            state.cases[caseIndex] = tally
        }
    }

    private enum Failure { case accepted, unexpected, unnamed }

    /// What a valid request whose call was abandoned usually ends with; anything else is noted.
    private static let usualProbeAnswers: Set = ["OK", "CANCELLED", "DEADLINE_EXCEEDED", "NOT_FOUND", "UNAVAILABLE"]

    private static func failure(_ fuzzCase: FuzzCase, _ outcome: CallOutcome) -> Failure? {
        guard !fuzzCase.isProbe else { return outcome.otherError == nil ? nil : .unexpected }
        guard let code = outcome.code, outcome.otherError == nil else { return .accepted }
        guard fuzzCase.expected.contains(code) else { return .unexpected }
        if code == .invalidArgument, let field = fuzzCase.field, !outcome.message.contains(field) { return .unnamed }
        if let message = fuzzCase.message, outcome.message != message { return .unnamed }
        return nil
    }

    var cases: [CaseTally] { state.withLock { $0.cases } }
    var totals: (sent: Int, nonOK: Int, probes: Int) { state.withLock { ($0.sent, $0.nonOK, $0.probes) } }
    var forbiddenIDs: Set<UUID> { state.withLock { $0.forbiddenIDs } }
    var abandonedIDs: Set<UUID> { state.withLock { $0.abandonedIDs } }
}
