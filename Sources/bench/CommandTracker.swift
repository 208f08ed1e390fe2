import Synchronization

import struct Foundation.UUID

/// Every command the clients got accepted, joined with its outcome (from the event store) and
/// its first event on `financing.events` (from the event feed), keyed by command id.
final class CommandTracker: Sendable {
    private struct State {
        var records: [UUID: CommandRecord] = [:]
        var pending: Set<UUID> = []
        /// Accepted ids in acceptance order from `head` on; resolved ones are skipped.
        var order: [UUID] = []
        var head = 0
        /// First arrival of an event caused by the command, which may precede its record.
        var firstEvent: [UUID: Int64] = [:]
        var acceptedMeasured = 0
        var processedMeasured = 0
        var errors: [String: Int] = [:]
    }

    private let state = Mutex(State())

    func accepted(_ record: CommandRecord) {
        state.withLock { state in
            state.records[record.id] = record
            state.pending.insert(record.id)
            state.order.append(record.id)
            if record.measured { state.acceptedMeasured += 1 }
        }
    }

    /// A request of the load window that the listener refused or that failed in transport.
    func failed(_ kind: CommandKind, code: String) {
        state.withLock { $0.errors["\(kind.rawValue): \(code)", default: 0] += 1 }
    }

    /// The commands accepted longest ago that still wait for an outcome. The handler works
    /// through each partition in order, so these are the ones whose outcomes come next.
    func oldestPending(limit: Int) -> [UUID] {
        state.withLock { state in
            while state.head < state.order.count, !state.pending.contains(state.order[state.head]) { state.head += 1 }
            if state.head > 4_096, state.head > state.order.count / 2 {
                state.order.removeFirst(state.head)
                state.head = 0
            }
            var ids: [UUID] = []
            var index = state.head
            while index < state.order.count, ids.count < limit {
                if state.pending.contains(state.order[index]) { ids.append(state.order[index]) }
                index += 1
            }
            return ids
        }
    }

    /// Records outcomes; returns the sales that succeeded, whose invoices can now be bid on.
    func resolve(_ outcomes: [OutcomeRow]) -> [Sale] {
        state.withLock { state in
            var sales: [Sale] = []
            for outcome in outcomes {
                guard state.pending.remove(outcome.commandID) != nil, var record = state.records[outcome.commandID]
                else { continue }
                record.succeeded = outcome.succeeded
                record.reason = outcome.reason
                record.acceptedAtMicros = outcome.acceptedAtMicros
                record.completedAtMicros = outcome.completedAtMicros
                state.records[outcome.commandID] = record
                if record.measured { state.processedMeasured += 1 }
                if outcome.succeeded, let sale = record.sale { sales.append(sale) }
            }
            return sales
        }
    }

    /// An event whose trace id names `commandID` arrived at `micros`; only the first one counts.
    func eventSeen(commandID: UUID, micros: Int64) {
        state.withLock { state in
            if state.firstEvent[commandID] == nil { state.firstEvent[commandID] = micros }
        }
    }

    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Accepted and processed commands of the load window, commands still pending, errors so far.
    var progress: (accepted: Int, processed: Int, pending: Int, errors: Int) {
        state.withLock { ($0.acceptedMeasured, $0.processedMeasured, $0.pending.count, $0.errors.values.reduce(0, +)) }
    }

    /// Measured commands that succeeded but whose first event has not been seen yet.
    var awaitingFirstEvent: Int {
        state.withLock { state in
            state.records.values.count { $0.measured && $0.succeeded == true && state.firstEvent[$0.id] == nil }
        }
    }

    /// The measured commands with their first-event arrival, and the errors.
    func measured() -> (records: [(CommandRecord, firstEvent: Int64?)], errors: [String: Int]) {
        state.withLock { state in
            let records = state.records.values.filter(\.measured).map { ($0, firstEvent: state.firstEvent[$0.id]) }
            return (records, state.errors)
        }
    }
}
