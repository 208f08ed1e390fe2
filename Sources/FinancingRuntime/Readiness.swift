import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Whether the process can do its work: its dependencies answered the last check, and it is not
/// shutting down. The gRPC health service and `/readyz` read it; a background loop refreshes it.
///
/// Placed last in the service group so graceful shutdown reaches it first: it turns not ready
/// before the servers and consumers begin to drain, and ends every health watch so they can.
package final class Readiness: Service, Sendable {
    private struct State {
        /// What each dependency whose last check failed said was wrong; nil until the first round.
        var problems: [String: String]?
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
            guard !state.shuttingDown, let problems = state.problems else { return false }
            return Set(problems.keys).isDisjoint(with: names ?? dependencies)
        }
    }

    /// The dependencies that failed their last check, for messages.
    package var failing: Set<String> { Set(problems.keys) }

    /// What is wrong with each failing dependency (before the first round: every one, "not checked yet").
    package var problems: [String: String] {
        state.withLock { state in
            state.problems ?? Dictionary(uniqueKeysWithValues: dependencies.map { ($0, "not checked yet") })
        }
    }

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
        let problems = await withTaskGroup(of: (String, String?).self, returning: [String: String].self) { group in
            for check in checks {
                group.addTask { (check.name, await check.problem()) }
            }
            var problems: [String: String] = [:]
            for await (name, problem) in group { if let problem { problems[name] = problem } }
            return problems
        }
        for check in checks {
            Gauge(label: Self.failingMetric, dimensions: [("condition", check.name)])
                .record(problems[check.name] == nil ? 0 : 1)
        }
        let (previous, watchers) = state.withLock { state in
            defer { state.problems = problems }
            return (state.problems, Array(state.watchers.values))
        }
        // What readiness is made of is which dependencies fail; the wording may change every round.
        guard previous.map({ Set($0.keys) }) != Set(problems.keys) else { return }
        if problems.isEmpty {
            logger.info("ready: every dependency answers", metadata: ["dependencies": "\(dependencies.sorted())"])
        } else {
            logger.warning(
                "not ready", metadata: ["failing": "\(problems.keys.sorted())", "why": "\(Self.describe(problems))"])
        }
        for watcher in watchers { watcher.yield() }
    }

    /// The gauge per condition: 1 while that check fails, 0 while it passes.
    package static let failingMetric = "financing_readiness_failing"

    /// "name: problem; …", sorted by name.
    package static func describe(_ problems: [String: String]) -> String {
        problems.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
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
