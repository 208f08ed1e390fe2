import Synchronization

/// Gathers the changes of messages handled side by side and records them in one transaction
/// (`EventStore.record(together:)`): once every member has either asked to record or finished
/// without recording, the last one to do so writes for all. A member's later records (a retry
/// after a conflict) go straight to the store, on their own. Each member handles its message
/// through its own view of the store, `member(_:)`.
public final class RecordGroup: Sendable {
    /// The event store as member `member` of the group sees it: records go through the group, the
    /// rest straight to the store.
    public struct Member: EventStore {
        let group: RecordGroup
        let member: Int

        public func load(_ stream: StreamID) async throws(EventStoreError) -> [RecordedEvent] {
            try await group.store.load(stream)
        }

        public func exists(_ stream: StreamID) async throws(EventStoreError) -> Bool {
            try await group.store.exists(stream)
        }

        public func record(_ change: StreamChange) async throws(EventStoreError) -> AppendResult {
            try await group.record(change, member: member)
        }

        public func record(together changes: [StreamChange]) async throws(EventStoreError)
            -> [Result<AppendResult, EventStoreError>]
        {
            try await group.store.record(together: changes)
        }

        public func events(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
            try await group.store.events(after: position, limit: limit)
        }
    }

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

    let store: any EventStore
    private let state: Mutex<State>

    public init(members: Int, store: any EventStore) {
        self.store = store
        self.state = Mutex(State(unsettled: members))
    }

    /// The store member `member` (0 ..< members) records through.
    public func member(_ member: Int) -> Member { Member(group: self, member: member) }

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
        if waiting.count == 1 {
            do {
                results[waiting[0].member] = .success(try await store.record(waiting[0].change))
            } catch {
                results[waiting[0].member] = .failure(error)
            }
        } else {
            do {
                let recorded = try await store.record(together: waiting.map(\.change))
                for (entry, result) in zip(waiting, recorded) { results[entry.member] = result }
            } catch  where error.code == .permanent {
                // One change the database refuses sinks the whole transaction: record each on its own,
                // so only that one is parked and the others commit.
                for entry in waiting {
                    do {
                        results[entry.member] = .success(try await store.record(entry.change))
                    } catch {
                        results[entry.member] = .failure(error)
                    }
                }
            } catch {
                for entry in waiting { results[entry.member] = .failure(error) }
            }
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
