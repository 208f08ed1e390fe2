import CommandService
import EventSourcing
import FinancingMessages
import Handler
import Kafka
import Logging
import Messaging
import PostgresEventStore
import PostgresReadModels
import Projections
import QueryService
import Relayer
import ServiceLifecycle

/// Builds each component's services from the ports' adapters.
struct ComponentAssembly {
    let infrastructure: Infrastructure
    let logger: Logger

    static let handlerGroup = "financing-handler"
    static let projectorGroup = "financing-projector"

    /// The components' services, and the readiness their health endpoints report.
    struct Assembly {
        var services: [any Service]
        var readiness: Readiness
        /// Closed by the caller once the services stopped.
        var kafkaProbe: KafkaProbe
    }

    func assemble(_ components: Set<Component>) async throws -> Assembly {
        var services: [any Service] = []
        let needsKafka = !components.isEmpty
        if needsKafka { try await infrastructure.prepareKafka() }
        let needsEventStore = !components.isDisjoint(with: [.commands, .handler, .relayer])
        let eventStorePool = needsEventStore ? try await infrastructure.eventStorePool() : nil
        let needsReadModels = !components.isDisjoint(with: [.projector, .queries])
        let readModelPool = needsReadModels ? try await infrastructure.readModelPool() : nil
        let producer = try infrastructure.producer()
        let publisher = KafkaMessagePublisher(producer: producer)
        let configuration = infrastructure.configuration
        let kafkaProbe = try KafkaProbe(brokers: configuration.kafkaBrokers, logger: label("readiness"))
        var checks = [DependencyCheck.kafka(kafkaProbe)]
        if let eventStorePool { checks.append(.postgres(Self.eventStore, pool: eventStorePool)) }
        if let readModelPool { checks.append(.postgres(Self.readModels, pool: readModelPool)) }
        let readiness = Readiness(checks: checks, logger: label("readiness"))

        if components.contains(.commands), let eventStorePool {
            let service = CommandsService(
                log: PostgresCommandLog(pool: eventStorePool), publisher: publisher, logger: label("commands"))
            let health = HealthService(
                readiness: readiness, services: ["financing.v1.Commands"], dependencies: [Self.eventStore, "kafka"])
            services.append(
                GRPCServerService(
                    name: "commands", port: configuration.commandsPort, services: [service, health],
                    interceptors: [CommandMetricsInterceptor()], logger: label("commands")))
        }
        if components.contains(.handler), let eventStorePool {
            let store = PostgresEventStore(pool: eventStorePool, logger: label("handler"))
            let consumer = try infrastructure.consumer(
                group: Self.handlerGroup, topics: [Topic.commands, Topic.registering, Topic.events])
            let snapshots =
                configuration.snapshotEvery > 0 ? SnapshotPolicy(store: store, every: configuration.snapshotEvery) : nil
            let handler = FinancingHandler(
                store: store, snapshots: snapshots, deadLetters: publisher, logger: label("handler"))
            services.append(
                ConsumerService(
                    name: "handler", consumer: consumer, logger: label("handler"), processBatch: handler.handle))
        }
        if components.contains(.relayer), let eventStorePool {
            let outbox = PostgresEventStore(pool: eventStorePool, logger: label("relayer"))
            let lock = PostgresLeaderLock(url: configuration.eventStoreURL, logger: label("relayer"))
            services.append(
                RelayerService(
                    outbox: outbox, publisher: publisher, lock: lock,
                    signal: PostgresOutboxNotifications(url: configuration.eventStoreURL, logger: label("relayer")),
                    interval: configuration.relayInterval, pipelineDepth: configuration.relayPipelineDepth,
                    logger: label("relayer")))
        }
        if components.contains(.projector), let readModelPool {
            let consumer = try infrastructure.consumer(
                group: Self.projectorGroup, topics: [Topic.events, Topic.registering])
            let projector = Projector(store: PostgresReadModelStore(pool: readModelPool), logger: label("projector"))
            services.append(
                ConsumerService(
                    name: "projector", consumer: consumer, logger: label("projector"),
                    processBatch: projector.project))
        }
        if components.contains(.queries), let readModelPool {
            let service = QueriesService(store: PostgresReadModelStore(pool: readModelPool), logger: label("queries"))
            let health = HealthService(
                readiness: readiness, services: ["financing.v1.Queries"], dependencies: [Self.readModels])
            services.append(
                GRPCServerService(
                    name: "queries", port: configuration.queriesPort, services: [service, health],
                    logger: label("queries")))
        }
        // First in the group, so it stops last (a group stops in reverse order): the producer
        // flushes after everything that publishes is done.
        // Last, so it stops first: health turns NOT_SERVING before anything drains.
        return Assembly(
            services: [ProducerService(producer: producer, logger: logger)] + services + [readiness],
            readiness: readiness, kafkaProbe: kafkaProbe)
    }

    /// Dependency names in readiness and health.
    static let eventStore = "eventstore"
    static let readModels = "readmodels"

    private func label(_ component: String) -> Logger {
        var logger = logger
        logger[metadataKey: "component"] = "\(component)"
        return logger
    }
}
