import Logging
import PostgresEventStore
import PostgresReadModels
import Projections
import ServiceLifecycle

/// Runs the chosen components in one process until SIGTERM or SIGINT, then shuts them down
/// gracefully: in-flight messages and calls finish, offsets are committed, the producer flushes.
public enum FinancingApplication {
    public static func run(_ components: Set<Component>, configuration: FinancingConfiguration, logger: Logger)
        async throws
    {
        // Bootstrapped before the components exist: they take the metrics factory when built.
        let registry = FinancingMetrics.registry
        let infrastructure = Infrastructure(configuration: configuration, logger: logger)
        let tls = try ServerTLS.load(
            certificateFile: configuration.tlsCertificateFile, keyFile: configuration.tlsKeyFile)
        let assembly = try await ComponentAssembly(infrastructure: infrastructure, logger: logger)
            .assemble(components, tls: tls)
        var services = assembly.services
        if configuration.metricsPort != 0 {
            // First, so it stops last: liveness and readiness answer until the very end.
            services.insert(
                MetricsHTTPServer(
                    host: configuration.bindHost, port: configuration.metricsPort, registry: registry,
                    readiness: assembly.readiness, tls: tls?.httpConfiguration, logger: logger),
                at: 0)
        }
        logger.info(
            "starting",
            metadata: [
                "components": "\(components.map(\.rawValue).sorted().joined(separator: ","))",
                "transport": "\(tls == nil ? "plaintext" : "tls")",
            ])
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            await assembly.kafkaProbe.close()
            throw error
        }
        await assembly.kafkaProbe.close()
    }

    /// Logs to stderr with metadata; the level comes from FINANCING_LOG_LEVEL (default info).
    public static func bootstrapLogging(level: String?) {
        let logLevel = level.flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
    }
}

extension FinancingApplication {
    /// `financing projector --rebuild`: replays the event store into fresh read models.
    public static func rebuildReadModels(configuration: FinancingConfiguration, logger: Logger) async throws {
        let infrastructure = Infrastructure(configuration: configuration, logger: logger)
        let eventStorePool = try await infrastructure.eventStorePool()
        let readModelPool = try await infrastructure.readModelPool()
        let rebuild = ProjectionRebuild(
            events: PostgresEventStore(pool: eventStorePool, logger: logger),
            store: PostgresReadModelStore(pool: readModelPool),
            logger: logger)
        do {
            try await rebuild.run()
        } catch {
            await eventStorePool.close()
            await readModelPool.close()
            throw error
        }
        await eventStorePool.close()
        await readModelPool.close()
    }
}
