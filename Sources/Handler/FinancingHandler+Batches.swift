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
            try await handleSideBySide(run)
        }
    }

    private func handleSideBySide(_ run: [IncomingMessage]) async throws {
        guard run.count > 1 else { return try await handle(run[0]) }
        let group = RecordGroup(members: run.count, store: store)
        let failures = await withTaskGroup(of: (any Error)?.self) { tasks in
            for (member, message) in run.enumerated() {
                tasks.addTask {
                    var failure: (any Error)?
                    do {
                        try await recording(through: group.member(member)).handle(message)
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
        // An infrastructure failure: the consumer retries the whole batch, and what committed is deduplicated.
        if let failure = failures.first { throw failure }
    }
}
