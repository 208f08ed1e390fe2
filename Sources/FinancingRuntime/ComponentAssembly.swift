import Authentication
import CommandService
import EventSourcing
import FinancingAPI
import FinancingMessages
import GRPCReflection
import HTTPAPI
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
///
/// The bus carries what comes from outside (commands from the listener, Registering's integration
/// events); what the service derives from its own events (the saga's policies, the read models)
/// follows the event store in commit order, so nothing the broker loses can stop it.
struct ComponentAssembly {
    let infrastructure: Infrastructure
    let logger: Logger

    static let handlerGroup = "financing-handler"
    static let projectorGroup = "financing-projector"
    /// Follower names: their checkpoints and log labels.
    static let policies = "policies"
    static let projections = "projector"

    /// Advisory-lock keys: one active instance of each in the cluster.
    enum LockKey {
        static let relayer: Int64 = 727_002
        static let policies: Int64 = 727_004
        static let redelivery: Int64 = 727_005
        static let projections: Int64 = 727_006
    }

    /// The components' services, and the readiness their health endpoints report.
    struct Assembly {
        var services: [any Service]
        var readiness: Readiness
        /// Closed by the caller once the services stopped.
        var kafkaProbe: KafkaProbe
    }

    /// `tls` nil: every server is plaintext.
    func assemble(_ components: Set<Component>, tls: ServerTLS?) async throws -> Assembly {
        try await infrastructure.prepareKafka()
        let needsEventStore = !components.isDisjoint(with: [.commands, .handler, .relayer, .projector, .http])
        let eventStorePool = needsEventStore ? try await infrastructure.eventStorePool() : nil
        let needsReadModels = !components.isDisjoint(with: [.projector, .queries, .http])
        let readModelPool = needsReadModels ? try await infrastructure.readModelPool() : nil
        let producer = try infrastructure.producer()
        let publisher = KafkaMessagePublisher(producer: producer)
        let configuration = infrastructure.configuration
        let eventStoreURL = configuration.eventStoreURL
        var workers: [any Service] = []
        var heartbeats: [Heartbeat] = []

        if components.contains(.handler), let eventStorePool {
            let store = PostgresEventStore(pool: eventStorePool, logger: label("handler"))
            let snapshots =
                configuration.snapshotEvery > 0 ? SnapshotPolicy(store: store, every: configuration.snapshotEvery) : nil
            let handler = FinancingHandler(
                store: store, snapshots: snapshots, deadLetters: PostgresDeadLetters(pool: eventStorePool),
                acceptedCommands: PostgresCommandLog(pool: eventStorePool), logger: label("handler"))
            let consumer = try infrastructure.consumer(
                group: Self.handlerGroup, topics: [Topic.commands, Topic.registering])
            let messages = ConsumerService(
                name: "handler", consumer: consumer, logger: label("handler"), processBatch: handler.handle)
            let policies = EventStoreFollower(
                name: Self.policies, feed: store, checkpoints: PostgresCheckpoints(pool: eventStorePool),
                lock: PostgresLeaderLock(url: eventStoreURL, key: LockKey.policies, logger: label("policies")),
                signal: PostgresOutboxNotifications(url: eventStoreURL, logger: label("policies")),
                interval: configuration.relayInterval, logger: label("policies"), process: handler.react(to:))
            workers += [messages, policies]
            heartbeats += [messages.heartbeat, policies.heartbeat]
        }
        if components.contains(.relayer), let eventStorePool {
            let outbox = PostgresEventStore(pool: eventStorePool, logger: label("relayer"))
            workers.append(
                RelayerService(
                    outbox: outbox, publisher: publisher,
                    lock: PostgresLeaderLock(url: eventStoreURL, key: LockKey.relayer, logger: label("relayer")),
                    signal: PostgresOutboxNotifications(url: eventStoreURL, logger: label("relayer")),
                    interval: configuration.relayInterval, pipelineDepth: configuration.relayPipelineDepth,
                    logger: label("relayer")))
            workers.append(
                Redelivery(
                    commands: PostgresCommandLog(pool: eventStorePool),
                    deadLetters: PostgresDeadLetters(pool: eventStorePool), publisher: publisher,
                    lock: PostgresLeaderLock(url: eventStoreURL, key: LockKey.redelivery, logger: label("redelivery")),
                    after: configuration.commandRedeliveryAfter, logger: label("redelivery")))
        }
        if components.contains(.projector), let eventStorePool, let readModelPool {
            let history = PostgresEventStore(pool: eventStorePool, logger: label("projector"))
            let projector = Projector(
                store: PostgresReadModelStore(pool: readModelPool), history: history, logger: label("projector"))
            let names = ConsumerService(
                name: "projector",
                consumer: try infrastructure.consumer(
                    group: Self.projectorGroup, topics: [Topic.registering]),
                logger: label("projector"), processBatch: projector.project)
            let projections = EventStoreFollower(
                name: Self.projections, feed: history, checkpoints: PostgresCheckpoints(pool: readModelPool),
                lock: PostgresLeaderLock(
                    url: configuration.readModelURL, key: LockKey.projections, logger: label("projector")),
                signal: PostgresOutboxNotifications(url: eventStoreURL, logger: label("projector")),
                interval: configuration.relayInterval, logger: label("projector"), process: projector.project)
            workers += [names, projections]
            heartbeats += [names.heartbeat, projections.heartbeat]
        }

        let kafkaProbe = try KafkaProbe(
            brokers: configuration.kafkaBrokers, connection: try infrastructure.kafkaConnection(),
            logger: label("readiness"))
        let infrastructure = infrastructure
        var checks = [
            DependencyCheck.kafka(kafkaProbe),
            .kafkaTopics(
                kafkaProbe, topics: Set(Topic.all), create: { try await infrastructure.createTopics($0) },
                logger: label("readiness")),
            .kafkaProducer(producer),
        ]
        if let eventStorePool { checks.append(.postgres(Self.eventStore, pool: eventStorePool)) }
        if let readModelPool { checks.append(.postgres(Self.readModels, pool: readModelPool)) }
        checks += heartbeats.map { DependencyCheck.progress($0) }
        let readiness = Readiness(checks: checks, logger: label("readiness"))

        var servers: [any Service] = []
        let verifier = components.isDisjoint(with: [.commands, .queries, .http]) ? nil : try await tokenVerifier()
        let authentication = verifier.map {
            BearerTokenInterceptor(verifier: $0, logger: label("authentication"))
        }
        let reflectionIndex = try ReflectionIndex(
            base64FileDescriptorSet: FinancingFileDescriptors.base64FileDescriptorSet)
        if components.contains(.commands), let eventStorePool, let authentication {
            let service = CommandsService(
                log: PostgresCommandLog(pool: eventStorePool), publisher: publisher, logger: label("commands"))
            let health = HealthService(
                readiness: readiness, services: ["financing.v1.Commands"], dependencies: Self.commandsDependencies)
            let reflection = try ServerReflectionService(
                index: reflectionIndex,
                services: [Financing_V1_Commands.descriptor, Grpc_Health_V1_Health.descriptor].map(
                    \.fullyQualifiedService))
            servers.append(
                GRPCServerService(
                    name: "commands", host: configuration.bindHost, port: configuration.commandsPort,
                    services: [service, health, reflection],
                    interceptors: [CommandMetricsInterceptor(), authentication], tls: tls, logger: label("commands")))
        }
        if components.contains(.queries), let readModelPool, let authentication {
            let service = QueriesService(store: PostgresReadModelStore(pool: readModelPool), logger: label("queries"))
            let health = HealthService(
                readiness: readiness, services: ["financing.v1.Queries"], dependencies: [Self.readModels])
            let reflection = try ServerReflectionService(
                index: reflectionIndex,
                services: [Financing_V1_Queries.descriptor, Grpc_Health_V1_Health.descriptor].map(
                    \.fullyQualifiedService))
            servers.append(
                GRPCServerService(
                    name: "queries", host: configuration.bindHost, port: configuration.queriesPort,
                    services: [service, health, reflection], interceptors: [authentication], tls: tls,
                    logger: label("queries")))
        }
        if components.contains(.http), let eventStorePool, let readModelPool, let verifier {
            let edge = HTTPEdge(
                commands: CommandsService(
                    log: PostgresCommandLog(pool: eventStorePool), publisher: publisher, logger: label("http")),
                queries: QueriesService(store: PostgresReadModelStore(pool: readModelPool), logger: label("http")),
                streams: PostgresEventStore(
                    pool: try await infrastructure.eventStoreReaderPool(), logger: label("http")),
                verifier: verifier, logger: label("http"))
            servers.append(
                try edge.server(host: configuration.bindHost, port: configuration.httpPort, tls: tls?.httpConfiguration)
            )
        }
        // A group stops in reverse order. The producer first, so it stops last and flushes after
        // everything that publishes is done; readiness last, so it stops first: health turns
        // NOT_SERVING before anything drains.
        return Assembly(
            services: [ProducerService(producer: producer, logger: logger)] + workers + servers + [readiness],
            readiness: readiness, kafkaProbe: kafkaProbe)
    }

    /// What checks every call's bearer token, from the key in FINANCING_AUTH_KEY_FILE.
    private func tokenVerifier() async throws -> AccessTokenVerifier {
        let path = infrastructure.configuration.authKeyFile
        guard !path.isEmpty else { throw StartupError.noAuthenticationKey }
        return try await AccessTokenVerifier.reading(keyFile: path)
    }

    /// Dependency names in readiness and health.
    static let eventStore = "eventstore"
    static let readModels = "readmodels"
    /// What the listener needs to record and enqueue a command.
    static let commandsDependencies: Set<String> = [eventStore, "kafka", "kafka_topics", "kafka_producer"]

    private func label(_ component: String) -> Logger {
        var logger = logger
        logger[metadataKey: "component"] = "\(component)"
        return logger
    }
}
