import EventSourcing

extension FinancingHandler {
    /// Handles a partition's waiting messages, returning once all their effects are durable.
    ///
    /// Messages are taken in runs of distinct keys (aggregate ids): the messages of a run are handled
    /// side by side and their changes recorded in one transaction; a message whose key already
    /// occurs in the run starts the next one, so each aggregate's messages keep their order. A run
    /// that fails as a whole (two of its messages changed one aggregate) is undone, and each of its
    /// messages decides again and records on its own.
    public func handle(_ messages: [IncomingMessage]) async throws {
        var rest = messages[...]
        while !rest.isEmpty {
            var keys: Set<String> = []
            var run: [IncomingMessage] = []
            while let next = rest.first, keys.insert(next.key ?? next.location).inserted {
                run.append(next)
                rest.removeFirst()
            }
            try await sideBySide(run) { handler, message in try await handler.handle(message) }
        }
    }

    /// Handles `run` side by side, each item through its own member of one `RecordGroup`, so their
    /// changes are recorded in one transaction. Throws the first infrastructure failure: the caller
    /// retries the whole run, and what committed is deduplicated.
    func sideBySide<Item: Sendable>(
        _ run: [Item], _ body: @escaping @Sendable (FinancingHandler, Item) async throws -> Void
    ) async throws {
        guard run.count > 1 else {
            if let only = run.first { try await body(self, only) }
            return
        }
        let group = RecordGroup(members: run.count, store: store)
        let failures = await withTaskGroup(of: (any Error)?.self) { tasks in
            for (member, item) in run.enumerated() {
                tasks.addTask {
                    var failure: (any Error)?
                    do {
                        try await body(recording(through: group.member(member)), item)
                    } catch {
                        failure = error
                    }
                    await group.finished(member: member)
                    return failure
                }
            }
            var failures: [any Error] = []
            for await failure in tasks { if let failure { failures.append(failure) } }
            return failures
        }
        if let failure = failures.first { throw failure }
    }
}
