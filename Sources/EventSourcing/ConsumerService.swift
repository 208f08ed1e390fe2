import Logging
import ServiceLifecycle

/// A consuming component (the handler, the projector) as a lifecycle service: a `ConsumerLoop`
/// feeding the messages to `process` until graceful shutdown.
public struct ConsumerService: Service {
    private let loop: ConsumerLoop
    private let work: LaneWork

    /// The loop's heartbeat, for readiness.
    public var heartbeat: Heartbeat { loop.heartbeat }

    /// Each message processed and acknowledged on its own.
    public init(
        name: String, consumer: any MessageConsumer, logger: Logger,
        process: @escaping @Sendable (IncomingMessage) async throws -> Void
    ) {
        self.loop = ConsumerLoop(name: name, consumer: consumer, logger: logger)
        self.work = .each(process)
    }

    /// A partition's waiting messages processed together; see `ConsumerLoop.run(batches:)`.
    public init(
        name: String, consumer: any MessageConsumer, logger: Logger,
        processBatch: @escaping @Sendable ([IncomingMessage]) async throws -> Void
    ) {
        self.loop = ConsumerLoop(name: name, consumer: consumer, logger: logger)
        self.work = .batch(processBatch)
    }

    public func run() async throws {
        switch work {
        case .each(let process): await loop.run(process)
        case .batch(let process): await loop.run(batches: process)
        }
    }
}
