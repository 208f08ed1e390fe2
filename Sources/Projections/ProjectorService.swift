import EventSourcing
import Logging
import ServiceLifecycle

/// The projector component: keeps the read models up to date from the bus.
public struct ProjectorService: Service {
    private let loop: ConsumerLoop
    private let projector: Projector

    public init(consumer: any MessageConsumer, projector: Projector, logger: Logger) {
        self.loop = ConsumerLoop(name: "projector", consumer: consumer, logger: logger)
        self.projector = projector
    }

    public func run() async throws {
        await loop.run { message in try await projector.project(message) }
    }
}
