import Authentication
import FinancingAPI
import FinancingMessages
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Postgres

/// One run: its own PostgreSQL and broker, the fleet, the workload under faults, quiescence,
/// the checkers and the report. Everything it started is stopped before it returns.
struct ChaosRun: Sendable {
    let settings: ChaosSettings
    let logger: Logger

    /// Returns whether the run found no anomaly.
    func run() async throws -> Bool {
        let started = ContinuousClock.now
        let files = FileManager.default
        try files.createDirectory(at: settings.workDirectory, withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: settings.workDirectory.path) where name.hasSuffix(".log") {
            try files.removeItem(at: settings.workDirectory.appendingPathComponent(name))
        }
        let postgres = PostgresServer(
            binDirectory: settings.postgresBin, port: settings.postgresPort,
            directory: URL(fileURLWithPath: "/tmp/financing-chaos-postgres-\(settings.postgresPort)"),
            toolLog: settings.workDirectory.appendingPathComponent("postgres-tools.log"))
        logger.info("starting PostgreSQL", metadata: ["port": "\(settings.postgresPort)"])
        try await postgres.create()
        try await postgres.start()
        let outcome: Result<Bool, any Error>
        do {
            outcome = .success(try await withBroker(postgres: postgres, started: started))
        } catch {
            outcome = .failure(error)
        }
        await postgres.stop()
        return try outcome.get()
    }

    private func withBroker(postgres: PostgresServer, started: ContinuousClock.Instant) async throws -> Bool {
        logger.info(
            "starting the fault proxies",
            metadata: ["postgres": "\(settings.postgresProxyPort)", "broker": "\(settings.brokerProxyPort)"])
        let network = try Network(
            postgresPort: settings.postgresPort, postgresProxyPort: settings.postgresProxyPort,
            brokerPort: settings.brokerPort, brokerProxyPort: settings.brokerProxyPort)
        defer { network.stop() }
        logger.info("starting the broker", metadata: ["port": "\(settings.brokerPort)"])
        let broker = try await Broker.start(
            executable: settings.tansu, port: settings.brokerPort, advertisedPort: network.broker.port,
            log: settings.workDirectory.appendingPathComponent("broker.log"))
        // A key of the run's own: the fleet verifies with it, the workload signs its parties' tokens.
        let keyFile = settings.workDirectory.appendingPathComponent("auth-key.pem").path
        try? FileManager.default.removeItem(atPath: keyFile)
        let wallet = await AccessTokenWallet(key: try SigningKey.readOrCreate(at: keyFile))
        let fleet = Fleet(
            executable: settings.financing, postgres: postgres, broker: broker, network: network,
            commandsPort: settings.commandsPort, queriesPort: settings.queriesPort,
            metricsPortBase: settings.metricsPortBase, authKeyFile: keyFile, logDirectory: settings.workDirectory)
        let history = History()
        let outcome: Result<Bool, any Error>
        do {
            outcome = .success(
                try await exercise(
                    fleet: fleet, wallet: wallet, postgres: postgres, broker: broker, network: network,
                    history: history, started: started))
        } catch {
            outcome = .failure(error)
        }
        logger.info("stopping the fleet and the broker")
        await fleet.stop()
        await broker.stop()
        try? await history.write(to: settings.workDirectory.appendingPathComponent("history.jsonl"))
        return try outcome.get()
    }

    private func exercise(
        fleet: Fleet, wallet: AccessTokenWallet, postgres: PostgresServer, broker: Broker, network: Network,
        history: History,
        started: ContinuousClock.Instant
    ) async throws -> Bool {
        logger.info("starting the fleet", metadata: ["instances": "\(fleet.instances.count)"])
        try await fleet.start()
        // Supervised from the first start: a copy that dies while starting is restarted (and its
        // death recorded as a crash), instead of leaving the run waiting on a port nobody opens.
        let supervisor = Task { await fleet.supervise(history: history) { .milliseconds(Int.random(in: 300...1_500)) } }
        defer { supervisor.cancel() }
        try await fleet.waitUntilServing()
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: settings.commandsPort), transportSecurity: .plaintext,
            config: .defaults {
                $0.backoff = .init(initial: .milliseconds(100), max: .seconds(1), multiplier: 1.6, jitter: 0.2)
            })
        return try await withGRPCClient(transport: transport) { grpc in
            let registering = try RegisteringClient(
                brokers: broker.address, history: history, giveUpAfter: .seconds(60), logger: logger)
            let workload = Workload(
                client: CommandClient(
                    commands: Financing_V1_Commands.Client(wrapping: grpc), wallet: wallet,
                    anOperator: .operator(UUID().uuidString.lowercased()), history: history,
                    giveUpAfter: .seconds(60)),
                registering: registering, state: WorkloadState(), balance: settings.balance)
            let outcome: Result<Bool, any Error>
            do {
                outcome = .success(
                    try await drive(
                        workload, fleet: fleet, postgres: postgres, broker: broker, network: network,
                        history: history, started: started))
            } catch {
                outcome = .failure(error)
            }
            await registering.shutdown()
            return try outcome.get()
        }
    }

    /// Registrations, then the workload under faults, quiescence, the checkers and the report.
    private func drive(
        _ workload: Workload, fleet: Fleet, postgres: PostgresServer, broker: Broker, network: Network,
        history: History, started: ContinuousClock.Instant
    ) async throws -> Bool {
        logger.info("registering", metadata: ["investors": "\(settings.investors)", "issuers": "\(settings.issuers)"])
        try await workload.registerPopulation(investors: settings.investors, issuers: settings.issuers)
        try await waitForRegistrations(postgres: postgres, count: settings.investors + settings.issuers)

        logger.info(
            "workload and faults",
            metadata: [
                "seconds": "\(settings.duration.components.seconds)", "clients": "\(settings.clients)",
                "operations_per_second": "\(settings.operationsPerSecond.map(String.init) ?? "unpaced")",
            ])
        let deadline = ContinuousClock.now + settings.duration
        let nemesis = Nemesis(
            fleet: fleet, postgres: postgres, broker: broker, network: network, history: history,
            interval: settings.faultInterval, enabled: settings.faults)
        async let faults: Void = nemesis.run(until: deadline)
        let poisoner = try Poisoner(
            brokers: broker.address, history: history, state: workload.state, giveUpAfter: .seconds(30), logger: logger)
        async let poisoning: Void = poisoner.run(until: deadline, interval: settings.poisonInterval)
        let eventStoreURL = postgres.url(Chaos.eventStoreDatabase)
        await workload.run(
            clients: settings.clients, until: deadline, maxBacklog: settings.maxBacklog,
            operationsPerSecond: settings.operationsPerSecond
        ) {
            [logger] in
            guard let connection = try? await PostgresConnection.connect(url: eventStoreURL, logger: logger) else {
                return nil
            }
            defer { connection.close() }
            return try? await connection.query(
                """
                SELECT count(*) AS n FROM commands c
                WHERE NOT EXISTS (SELECT 1 FROM command_outcomes o WHERE o.command_id = c.command_id)
                """
            ).first?.int("n")
        }
        await faults
        await poisoning
        await poisoner.shutdown()

        logger.info("faults over: healing the links, disarming failpoints, waiting for quiescence")
        broker.resume()
        network.heal()
        _ = await fleet.disarm(history: history)
        let quiesced = await Quiescence(
            eventStoreURL: postgres.url(Chaos.eventStoreDatabase), readModelURL: postgres.url(Chaos.readModelDatabase),
            workload: workload, logger: logger
        ).wait(timeout: settings.quiescenceTimeout)
        let stuck =
            quiesced
            ? []
            : await StuckReport(
                eventStoreURL: postgres.url(Chaos.eventStoreDatabase),
                readModelURL: postgres.url(Chaos.readModelDatabase), logDirectory: settings.workDirectory,
                logger: logger
            ).lines()

        let share = WorkShare(fleet: fleet)
        let workShared = (
            handlers: WorkShare.describe(share.handlers()), projectors: WorkShare.describe(await share.projectors())
        )
        var verdict = try await check(postgres: postgres, broker: broker, history: history)
        verdict.redeliveries = fleet.duplicatesAbsorbed()
        let takeovers = await history.takeovers
        verdict.add(
            "unclean-stop", .other,
            await history.faults.filter { $0.kind == .uncleanStop }.map { "\($0.target): \($0.detail)" })
        verdict.add(
            "slow-takeover", .other,
            takeovers.filter { ($0.milliseconds ?? .infinity) > 1e3 * Double(RelayerTakeover.limit.components.seconds) }
                .map {
                    "\($0.killed) killed at \(Int($0.atSeconds)) s: \($0.milliseconds.map { "\(Int($0)) ms" } ?? "> 5 s")"
                })
        Figures(
            calls: await history.calls, faults: await history.faults, takeovers: takeovers, workShared: workShared,
            verdict: verdict,
            quiesced: quiesced,
            stuck: stuck,
            elapsed: ContinuousClock.now - started
        ).print()
        return verdict.anomalies.isEmpty && quiesced
    }

    /// Waits until the handler created every registered aggregate.
    private func waitForRegistrations(postgres: PostgresServer, count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let connection = try? await PostgresConnection.connect(
                url: postgres.url(Chaos.eventStoreDatabase), logger: logger),
                let created = try? await connection.query(
                    "SELECT count(*) AS n FROM events WHERE event_type IN ('InvestorFundsAdded', 'IssuerCreated')"
                ).first?.int("n")
            {
                connection.close()
                if created >= count { return }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw ChaosError("the handler did not create the \(count) registered aggregates within 120 s")
    }

    /// Reads everything back and runs the checkers.
    private func check(postgres: PostgresServer, broker: Broker, history: History) async throws -> Verdict {
        logger.info("checking: reading the event store and the topics, rebuilding the read models")
        let eventStoreURL = postgres.url(Chaos.eventStoreDatabase)
        let log = try await EventLog.load(url: eventStoreURL, logger: logger)
        let connection = try await PostgresConnection.connect(url: eventStoreURL, logger: logger)
        let recorded = Set(
            try await connection.query("SELECT command_id FROM commands").map { try $0.uuid("command_id") })
        let outcomes = Set(
            try await connection.query("SELECT command_id FROM command_outcomes").map { try $0.uuid("command_id") })
        // The policies park a stored event only when its target refuses it: a broken expectation, never
        // something faults may cause (the poisoner writes to the bus, not to the store).
        let parkedEvents = try await connection.query(
            "SELECT location, reason FROM dead_letters WHERE topic = $1 AND redriven_at IS NULL ORDER BY id",
            [Topic.events]
        ).map { "\(try $0.string("location")): \(try $0.string("reason"))" }
        connection.close()
        let bus = try await TopicReader(brokers: broker.address, logger: logger).read(
            topics: [Topic.events, Topic.commands, Topic.registering],
            expectedEvents: Set(log.events.map { $0.eventID.uuidString.lowercased() }), idle: .seconds(3),
            timeout: .seconds(120))
        let live = try await ReadModelSnapshot.load(url: postgres.url(Chaos.readModelDatabase), logger: logger)
        let rebuild = try await ChildProcess.run(
            settings.financing, ["projector", "--rebuild", "--once"],
            environment: [
                "FINANCING_EVENTSTORE_URL": eventStoreURL,
                "FINANCING_READMODEL_URL": postgres.url(Chaos.rebuildDatabase),
                "FINANCING_KAFKA_BROKERS": broker.address,
            ], log: settings.workDirectory.appendingPathComponent("rebuild.log"))
        guard rebuild == .status(0) else { throw ChaosError("the rebuild failed (\(rebuild)): see rebuild.log") }
        let rebuilt = try await ReadModelSnapshot.load(url: postgres.url(Chaos.rebuildDatabase), logger: logger)
        var verdict = Checker(
            calls: await history.calls, log: log, recorded: recorded, outcomes: outcomes,
            bus: bus.filter { $0.poison == nil }, live: live, rebuilt: rebuilt
        ).verdict()
        try await PoisonChecker.load(
            poisons: await history.poisons, log: log, outcomes: outcomes, brokers: broker.address,
            eventStoreURL: eventStoreURL, readModelURL: postgres.url(Chaos.readModelDatabase), logger: logger
        ).judge(&verdict)
        verdict.add("parked-event", .other, parkedEvents)
        return verdict
    }
}
