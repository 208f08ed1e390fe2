import Synchronization

/// Gathers the changes of messages handled side by side and records them in one transaction
/// (`EventStore.record(together:)`): once every member has either asked to record or finished
/// without recording, the last one to do so writes for all. A member's later records (a retry
/// after a conflict) go straight to the store, on their own.
public final class RecordGroup: Sendable {
    /// The group the current task records through, and its place in it.
    public struct Membership: Sendable {
        let group: RecordGroup
        let member: Int
    }

    @TaskLocal public static var membership: Membership?

    private struct Waiting {
        var member: Int
        var change: StreamChange
    }

    private struct State {
        var unsettled: Int
        var waiting: [Waiting] = []
        var joined: Set<Int> = []
        var flushed = false
        var results: [Int: Result<AppendResult, EventStoreError>] = [:]
        var continuations: [Int: CheckedContinuation<Result<AppendResult, EventStoreError>, Never>] = [:]
    }

    private let store: any EventStore
    private let state: Mutex<State>

    public init(members: Int, store: any EventStore) {
        self.store = store
        self.state = Mutex(State(unsettled: members))
    }

    /// Runs `body` as member `member`: its records go through this group.
    public func run<R: Sendable>(member: Int, _ body: () async throws -> R) async rethrows -> R {
        try await Self.$membership.withValue(Membership(group: self, member: member), operation: body)
    }

    /// Records `change` with the others' changes, or on its own once the group wrote.
    func record(_ change: StreamChange, member: Int) async throws(EventStoreError) -> AppendResult {
        let toWrite: [Waiting]?? = state.withLock { state in
            guard !state.flushed, state.joined.insert(member).inserted else { return nil }
            state.waiting.append(Waiting(member: member, change: change))
            state.unsettled -= 1
            return .some(Self.takeIfComplete(&state))
        }
        guard let toWrite else { return try await store.record(change) }
        if let toWrite { await write(toWrite) }
        let result = await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Result<AppendResult, EventStoreError>? in
                if let result = state.results[member] { return result }
                state.continuations[member] = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
        return try result.get()
    }

    /// Member `member` is done; if it never recorded, the group no longer waits for it.
    public func finished(member: Int) async {
        let toWrite = state.withLock { state -> [Waiting]? in
            guard !state.flushed, state.joined.insert(member).inserted else { return nil }
            state.unsettled -= 1
            return Self.takeIfComplete(&state)
        }
        if let toWrite { await write(toWrite) }
    }

    /// The waiting changes, once nobody else can still join; marks the group written.
    private static func takeIfComplete(_ state: inout State) -> [Waiting]? {
        guard state.unsettled == 0, !state.waiting.isEmpty else { return nil }
        state.flushed = true
        return state.waiting
    }

    private func write(_ waiting: [Waiting]) async {
        var results: [Int: Result<AppendResult, EventStoreError>] = [:]
        do throws(EventStoreError) {
            if waiting.count == 1 {
                results[waiting[0].member] = .success(try await store.record(waiting[0].change))
            } else {
                let recorded = try await store.record(together: waiting.map(\.change))
                for (entry, result) in zip(waiting, recorded) { results[entry.member] = result }
            }
        } catch {
            for entry in waiting { results[entry.member] = .failure(error) }
        }
        let continuations = state.withLock { state in
            state.results.merge(results) { $1 }
            defer { state.continuations = [:] }
            return state.continuations
        }
        for (member, continuation) in continuations {
            continuation.resume(returning: results[member]!)
        }
    }
}
