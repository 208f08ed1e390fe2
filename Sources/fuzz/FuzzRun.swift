import Authentication
import FinancingAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Postgres

/// One run: wait for the stack, note where the event store stands, send the controls, send the
/// malformed load, let the handler drain, then check and report.
struct FuzzRun: Sendable {
    typealias Client = GRPCClient<HTTP2ClientTransport.Posix>

    let settings: FuzzSettings
    let logger: Logger

    func run() async throws -> Bool {
        try await PostgresBootstrap.waitUntilReachable(
            url: settings.eventStoreURL, timeout: settings.timeout, logger: logger)
        let pool = PostgresPool(url: settings.eventStoreURL, maxConnections: 2, logger: logger)
        do {
            let passed = try await withClients(store: EventStoreWatch(pool: pool, logger: logger))
            await pool.close()
            return passed
        } catch {
            await pool.close()
            throw error
        }
    }

    /// The load, its resetting calls (see `Caller`) and the health sentinels use separate
    /// connections, so a connection closed under the load cannot look like a server gone away.
    private func withClients(store: EventStoreWatch) async throws -> Bool {
        let (commands, queries) = (settings.commands, settings.queries)
        return try await withClients([commands, queries, commands, queries, commands, queries]) { clients in
            try await run(
                Clients(
                    commands: clients[0], queries: clients[1], commandsResets: clients[2], queriesResets: clients[3],
                    commandsWatch: clients[4], queriesWatch: clients[5]), store: store)
        }
    }

    /// One client per address, each on its own connection, for the time of `body`.
    private func withClients<Result: Sendable>(
        _ addresses: [(host: String, port: Int)], _ body: ([Client]) async throws -> Result
    ) async throws -> Result {
        guard let address = addresses.last else { return try await body([]) }
        return try await withClients(Array(addresses.dropLast())) { clients in
            let transport = try HTTP2ClientTransport.Posix(
                target: .dns(host: address.host, port: address.port), transportSecurity: .plaintext)
            return try await withGRPCClient(transport: transport) { client in try await body(clients + [client]) }
        }
    }

    struct Clients: Sendable {
        let commands: Client
        let queries: Client
        let commandsResets: Client
        let queriesResets: Client
        let commandsWatch: Client
        let queriesWatch: Client
    }

    private func run(_ clients: Clients, store: EventStoreWatch) async throws -> Bool {
        let wallet = await AccessTokenWallet(key: try SigningKey.read(from: settings.keyFile))
        let anOperator = Authentication.Caller.operator(UUID().uuidString.lowercased())
        try await waitForStack(clients)
        let processes = try settings.pids.map { pid in
            guard let identity = ProcessIdentity.current(pid) else { throw FuzzError("no process \(pid)") }
            return identity
        }
        // Activity still under way (an earlier test's sagas) would blur what the run caused.
        let settling = try await store.baseline()
        _ = try await store.waitUntilQuiet(since: settling, quiet: .seconds(2), timeout: .seconds(30))
        let baseline = try await store.baseline()
        logger.info("event store baseline", metadata: ["position": "\(baseline.position)"])

        let sentinels = [HealthSentinel(port: "Commands"), HealthSentinel(port: "Queries")]
        let watches = [
            Task { await sentinels[0].run(clients.commandsWatch) },
            Task { await sentinels[1].run(clients.queriesWatch) },
        ]
        // An open Watch would keep the client from shutting down if the run ends early with an error.
        defer { for watch in watches { watch.cancel() } }

        let commands = Financing_V1_Commands.Client(wrapping: clients.commands)
        let (reuse, reuseRecords) = await RequestIDControls(
            commands: commands, wallet: wallet, anOperator: anOperator, logger: logger
        )
        .send(perKind: settings.reuseControlsPerKind, seed: settings.seed)
        let overflow = try await OverflowControl(
            commands: commands, wallet: wallet, anOperator: anOperator, store: store, brokers: settings.kafkaBrokers,
            timeout: settings.timeout, logger: logger
        ).run()
        logger.info("overflow controls sent", metadata: ["investor": "\(overflow.investor)"])

        let hostile = try await HostileTokens.make(key: try SigningKey.read(from: settings.keyFile))
        let cases = Catalogue.make(controls: reuse, hostile: hostile)
        let tally = Tally(caseCount: cases.count)
        let load = FuzzLoad(
            cases: cases,
            caller: Caller(
                commands: clients.commands, queries: clients.queries, commandsResets: clients.commandsResets,
                queriesResets: clients.queriesResets, wallet: wallet, anOperator: anOperator),
            tally: tally,
            seed: settings.seed, malformed: settings.requests, concurrency: settings.concurrency, logger: logger)
        logger.info(
            "sending the malformed load",
            metadata: [
                "malformed": "\(settings.requests)", "with_probes": "\(load.indexLimit)", "cases": "\(cases.count)",
                "concurrency": "\(settings.concurrency)", "seed": "\(settings.seed)",
            ])
        let progress = Task {
            await ProgressReporter(
                tally: tally, total: load.indexLimit, interval: settings.progressInterval, logger: logger
            ).run()
        }
        let start = ContinuousClock.now
        let loading = Task { await load.run() }
        let watchdog = Task {
            await StallWatchdog(tally: tally, limit: settings.stallTimeout, logger: logger).run(stopping: loading)
        }
        await loading.value
        let seconds = ProgressReporter.seconds(ContinuousClock.now - start)
        watchdog.cancel()
        let stalled = await watchdog.value
        progress.cancel()
        await progress.value
        logger.info("load done; waiting for the handler to drain", metadata: ["seconds": "\(Int(seconds))"])

        let quiet = try await store.waitUntilQuiet(since: baseline, quiet: .seconds(3), timeout: settings.timeout)
        let overflowRecords = try await OverflowVerification(
            queries: Financing_V1_Queries.Client(wrapping: clients.queries), wallet: wallet, anOperator: anOperator,
            store: store, timeout: settings.timeout, logger: logger
        ).verify(overflow)
        let controls = reuseRecords + overflow.records + overflowRecords

        var checks = loadChecks(cases, tally.cases, complete: !stalled) + [controlCheck(controls)]
        checks += await survivalChecks(clients, sentinels: sentinels, processes: processes)
        for sentinel in sentinels { sentinel.stop() }
        for watch in watches { watch.cancel() }
        for watch in watches { await watch.value }
        checks.append(
            Check(
                name: "the handler drained after the load", passed: quiet,
                detail: quiet ? "no event appended and no command decided for 3 s" : "still busy after the timeout"))
        checks +=
            StoreVerdict(
                commands: try await store.newCommands(since: baseline),
                events: try await store.newEvents(since: baseline),
                controls: controls, forbiddenIDs: tally.forbiddenIDs, abandonedIDs: tally.abandonedIDs
            ).checks

        let report = FuzzReport(
            cases: cases, tallies: tally.cases, controls: controls, checks: checks, seconds: seconds,
            seed: settings.seed)
        print(report.rendered)
        let passed = checks.allSatisfy(\.passed)
        logger.info(
            "fuzz run finished",
            metadata: [
                "passed": "\(passed)", "failed_checks": "\(checks.filter { !$0.passed }.map(\.name))",
                "seconds": "\(Int(seconds))",
            ])
        return passed
    }

    private func waitForStack(_ clients: Clients) async throws {
        for (client, service) in [
            (clients.commands, "financing.v1.Commands"), (clients.queries, "financing.v1.Queries"),
        ] {
            if let problem = await HealthProbe.waitServing(client, service: service, timeout: settings.timeout) {
                throw FuzzError("\(service) is not SERVING: \(problem)")
            }
        }
    }
}
