import Kafka
import Postgres
import Synchronization

/// One thing the process needs in order to do its work, and how to ask whether it answers now.
///
/// A check that has not returned within its timeout counts as failing, and it is not started
/// again while it still runs: a hanging connect cannot pile up and take the pool's connections.
package final class DependencyCheck: Sendable {
    /// Names it in logs and in the health service's mapping (`eventstore`, `readmodels`, `kafka`).
    package let name: String
    private let timeout: Duration
    private let probe: @Sendable () async -> Bool
    private let running = Atomic<Bool>(false)

    package init(name: String, timeout: Duration = .seconds(3), probe: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.timeout = timeout
        self.probe = probe
    }

    /// The pool can lend a connection that runs `SELECT 1`.
    package static func postgres(_ name: String, pool: PostgresPool) -> DependencyCheck {
        DependencyCheck(name: name) {
            do {
                try await pool.withConnection { connection in _ = try await connection.query("SELECT 1") }
                return true
            } catch {
                return false
            }
        }
    }

    /// A broker answers a metadata request.
    package static func kafka(_ probe: KafkaProbe) -> DependencyCheck {
        DependencyCheck(name: "kafka") { await probe.brokerAnswers(timeout: .seconds(2)) }
    }

    /// True when the dependency answered within the timeout.
    package func answers() async -> Bool {
        guard running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return false }
        let outcome = FirstOutcome()
        let probe = probe
        return await withCheckedContinuation { continuation in
            outcome.set(continuation)
            let timer = Task { [timeout] in
                try? await Task.sleep(for: timeout)
                outcome.resume(false)
            }
            Task {
                let answered = await probe()
                self.running.store(false, ordering: .releasing)
                outcome.resume(answered)
                timer.cancel()
            }
        }
    }
}

/// Resumes a continuation with whichever of the probe and its timeout finishes first.
private final class FirstOutcome: Sendable {
    private let continuation = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(_ answered: Bool) {
        let first = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        first?.resume(returning: answered)
    }
}
