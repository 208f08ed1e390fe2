import EventSourcing
import Kafka
import Logging
import Postgres
import Synchronization

/// One thing the process needs in order to do its work, and how to ask whether it can do it now.
///
/// A probe answers nil when all is well, or says what is wrong. Some probes also repair what they
/// find (missing topics are created, a fatal producer is replaced): the process heals itself, and
/// readiness says so until the next round finds it healed. A check that has not returned within
/// its timeout counts as failing, and it is not started again while it still runs: a hanging
/// connect cannot pile up and take the pool's connections.
package final class DependencyCheck: Sendable {
    /// Names it in logs, metrics and the health service's mapping (`eventstore`, `kafka`, …).
    package let name: String
    private let timeout: Duration
    private let probe: @Sendable () async -> String?
    private let running = Atomic<Bool>(false)

    package init(name: String, timeout: Duration = .seconds(3), probe: @escaping @Sendable () async -> String?) {
        self.name = name
        self.timeout = timeout
        self.probe = probe
    }

    /// The pool can lend a connection that runs `SELECT 1`.
    package static func postgres(_ name: String, pool: PostgresPool) -> DependencyCheck {
        DependencyCheck(name: name) {
            do {
                try await pool.withConnection { connection in _ = try await connection.query("SELECT 1") }
                return nil
            } catch {
                return "not answering"
            }
        }
    }

    /// A broker answers a metadata request.
    package static func kafka(_ probe: KafkaProbe) -> DependencyCheck {
        DependencyCheck(name: "kafka") { await probe.brokerAnswers(timeout: .seconds(2)) ? nil : "not answering" }
    }

    /// Every topic the process uses exists; the missing ones are created (a broker that restarted empty,
    /// a topic deleted by hand), and until they answer the check fails naming them.
    package static func kafkaTopics(
        _ probe: KafkaProbe, topics: Set<String>, create: @escaping @Sendable ([String]) async throws -> Void,
        logger: Logger
    ) -> DependencyCheck {
        DependencyCheck(name: "kafka_topics", timeout: .seconds(15)) {
            guard let missing = await probe.missingTopics(topics, timeout: .seconds(2)) else {
                return "the broker does not answer"
            }
            guard !missing.isEmpty else { return nil }
            let names = missing.sorted()
            logger.warning("Kafka topics missing: creating them", metadata: ["topics": "\(names)"])
            do {
                try await create(names)
            } catch {
                logger.warning("Kafka topics could not be created", metadata: ["error": "\(error)"])
            }
            return "topics missing: \(names.joined(separator: ", "))"
        }
    }

    /// The producer is not in a fatal state; a fatal one is replaced by a fresh one at once.
    package static func kafkaProducer(_ producer: KafkaProducer) -> DependencyCheck {
        DependencyCheck(name: "kafka_producer") {
            guard producer.isFatal else { return nil }
            producer.recoverIfFatal()
            return "the producer was in a fatal state and was replaced"
        }
    }

    /// A component that must keep making progress did so recently (see `Heartbeat`).
    package static func progress(_ heartbeat: Heartbeat) -> DependencyCheck {
        DependencyCheck(name: heartbeat.name) { heartbeat.problem() }
    }

    /// nil when the dependency is fine, else what is wrong (a probe past its timeout: "no answer").
    package func problem() async -> String? {
        guard running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return "no answer within \(timeout)" }
        let outcome = FirstOutcome()
        let probe = probe
        return await withCheckedContinuation { continuation in
            outcome.set(continuation)
            let timer = Task { [timeout] in
                try? await Task.sleep(for: timeout)
                outcome.resume("no answer within \(timeout)")
            }
            Task {
                let problem = await probe()
                self.running.store(false, ordering: .releasing)
                outcome.resume(problem)
                timer.cancel()
            }
        }
    }
}

/// Resumes a continuation with whichever of the probe and its timeout finishes first.
private final class FirstOutcome: Sendable {
    private let continuation = Mutex<CheckedContinuation<String?, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<String?, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(_ answered: String?) {
        let first = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        first?.resume(returning: answered)
    }
}
