import Logging
import ServiceLifecycle

/// A consuming component (the handler, the projector) as a lifecycle service: a `ConsumerLoop`
/// feeding every message to `process` until graceful shutdown.
public struct ConsumerService: Service {
    private let loop: ConsumerLoop
    private let process: @Sendable (IncomingMessage) async throws -> Void

    public init(
        name: String, consumer: any MessageConsumer, logger: Logger,
        process: @escaping @Sendable (IncomingMessage) async throws -> Void
    ) {
        self.loop = ConsumerLoop(name: name, consumer: consumer, logger: logger)
        self.process = process
    }

    public func run() async throws {
        await loop.run(process)
    }
}
