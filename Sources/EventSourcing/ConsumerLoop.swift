import Logging
import ServiceLifecycle

/// Hands messages to `process` one at a time, in order, and acknowledges each only after its
/// effect committed. A failing `process` is an infrastructure failure: the same message is
/// retried with backoff until it succeeds, so nothing is skipped. On graceful shutdown the
/// in-flight message is finished and acknowledged before the loop returns.
public struct ConsumerLoop: Sendable {
    private let name: String
    private let consumer: any MessageConsumer
    private let logger: Logger
    private let pollTimeout: Duration

    public init(name: String, consumer: any MessageConsumer, pollTimeout: Duration = .milliseconds(200), logger: Logger)
    {
        self.name = name
        self.consumer = consumer
        self.pollTimeout = pollTimeout
        self.logger = logger
    }

    /// Runs until graceful shutdown or cancellation.
    public func run(_ process: @Sendable (IncomingMessage) async throws -> Void) async {
        var backoff = Backoff()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let message: IncomingMessage
            do {
                guard let next = try await consumer.next(timeout: pollTimeout) else { continue }
                message = next
                backoff.reset()
            } catch {
                logger.warning("\(name): receiving failed, pausing", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff.next())
                continue
            }
            await retrying("processing", message, &backoff) { try await process(message) }
            await retrying("acknowledging", message, &backoff) { try await consumer.acknowledge(message) }
        }
        await consumer.close()
        logger.info("\(name): stopped consuming")
    }

    /// Retries until success; gives up only on cancellation (a crash-equivalent: the message
    /// was not acknowledged, so it is redelivered and deduplicated).
    private func retrying(
        _ what: String, _ message: IncomingMessage, _ backoff: inout Backoff, _ body: () async throws -> Void
    ) async {
        while !Task.isCancelled {
            do {
                try await body()
                return
            } catch {
                let pause = backoff.next()
                logger.warning(
                    "\(name): \(what) failed, retrying",
                    metadata: [
                        "location": "\(message.location)", "message_id": "\(message.messageID?.uuidString ?? "-")",
                        "error": "\(error)", "retry_in": "\(pause)",
                    ])
                try? await Task.sleep(for: pause)
            }
        }
    }
}
