import Logging
import ServiceLifecycle
import Synchronization

/// Whether the process can do its work: its dependencies answered the last check, and it is not
/// shutting down. The gRPC health service and `/readyz` read it; a background loop refreshes it.
///
/// Placed last in the service group so graceful shutdown reaches it first: it turns not ready
/// before the servers and consumers begin to drain, and ends every health watch so they can.
package final class Readiness: Service, Sendable {
    private struct State {
        /// Names of the dependencies whose last check failed; nil until the first round.
        var failing: Set<String>?
        var shuttingDown = false
        var watchers: [Int: AsyncStream<Void>.Continuation] = [:]
        var nextWatcher = 0
    }

    private let checks: [DependencyCheck]
    private let interval: Duration
    private let logger: Logger
    private let state = Mutex(State())

    /// The names `checks` answer to, for asking about all of them.
    package var dependencies: Set<String> { Set(checks.map(\.name)) }

    package init(checks: [DependencyCheck], interval: Duration = .seconds(2), logger: Logger) {
        self.checks = checks
        self.interval = interval
        self.logger = logger
    }

    /// True when every dependency in `names` (all when nil) answered the last check.
    package func isReady(_ names: Set<String>? = nil) -> Bool {
        state.withLock { state in
            guard !state.shuttingDown, let failing = state.failing else { return false }
            return failing.isDisjoint(with: names ?? dependencies)
        }
    }

    /// The dependencies that failed their last check, for messages.
    package var failing: Set<String> { state.withLock { $0.failing ?? dependencies } }

    /// Yields whenever readiness may have changed; finishes when shutdown begins.
    package func changes() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id: Int? = state.withLock { state in
            guard !state.shuttingDown else { return nil }
            state.nextWatcher += 1
            state.watchers[state.nextWatcher] = continuation
            return state.nextWatcher
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    package func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                await self.refresh()
                try await Task.sleep(for: self.interval)
            }
        }
        beginShutdown()
    }

    /// Runs every check once, concurrently, and publishes the result.
    package func refresh() async {
        let failing = await withTaskGroup(of: String?.self, returning: Set<String>.self) { group in
            for check in checks {
                group.addTask { await check.answers() ? nil : check.name }
            }
            var failing = Set<String>()
            for await name in group { if let name { failing.insert(name) } }
            return failing
        }
        let (previous, watchers) = state.withLock { state in
            defer { state.failing = failing }
            return (state.failing, Array(state.watchers.values))
        }
        guard previous != failing else { return }
        if failing.isEmpty {
            logger.info("ready: every dependency answers", metadata: ["dependencies": "\(dependencies.sorted())"])
        } else {
            logger.warning("not ready: dependencies do not answer", metadata: ["failing": "\(failing.sorted())"])
        }
        for watcher in watchers { watcher.yield() }
    }

    /// From now on not ready; watchers hear it once more, then their streams end.
    private func beginShutdown() {
        let watchers: [AsyncStream<Void>.Continuation]? = state.withLock { state in
            guard !state.shuttingDown else { return nil }
            state.shuttingDown = true
            defer { state.watchers = [:] }
            return Array(state.watchers.values)
        }
        guard let watchers else { return }
        logger.info("not ready: shutting down")
        for watcher in watchers {
            watcher.yield()
            watcher.finish()
        }
    }
}
