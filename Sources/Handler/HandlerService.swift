import EventSourcing
import Logging
import ServiceLifecycle

/// The handler component: consumes commands, integration events and domain events.
public struct HandlerService: Service {
    private let loop: ConsumerLoop
    private let handler: FinancingHandler

    public init(consumer: any MessageConsumer, handler: FinancingHandler, logger: Logger) {
        self.loop = ConsumerLoop(name: "handler", consumer: consumer, logger: logger)
        self.handler = handler
    }

    public func run() async throws {
        await loop.run { message in try await handler.handle(message) }
    }
}
