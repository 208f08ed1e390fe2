import AsyncHTTPClient
import Authentication
import FinancingAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Kafka
import Logging
import Pacing
import Postgres

/// One run: setup, load, drain, then baselines and aggregate loading, assembled into a report.
struct BenchRun: Sendable {
    let options: BenchOptions
    let logger: Logger

    init(options bench: Bench, logger: Logger) {
        self.options = BenchOptions(bench)
        self.logger = logger
    }

    func run() async throws -> BenchReport {
        let sampler = try ProcessSampler(pids: options.pids)
        if sampler.serviceNames.isEmpty {
            logger.warning("no financing process found: pass --pids to get per-process RSS and CPU")
        }
        try await PostgresBootstrap.waitUntilReachable(
            url: options.eventStoreURL, timeout: .seconds(30), logger: logger)
        try await KafkaAdmin.waitUntilReachable(brokers: options.kafkaBrokers, timeout: .seconds(30), logger: logger)
        let eventStore = PostgresPool(url: options.eventStoreURL, maxConnections: 4, logger: logger)
        let readModel = PostgresPool(url: options.readModelURL, maxConnections: 2, logger: logger)
        do {
            let report = try await run(sampler: sampler, eventStore: eventStore, readModel: readModel)
            await eventStore.close()
            await readModel.close()
            return report
        } catch {
            await eventStore.close()
            await readModel.close()
            throw error
        }
    }

    private func run(sampler: ProcessSampler, eventStore: PostgresPool, readModel: PostgresPool) async throws
        -> BenchReport
    {
        let tracker = CommandTracker()
        let invoices = InvoicePool()
        let wallet = await AccessTokenWallet(key: try SigningKey.read(from: options.keyFile))
        let watcher = ProjectionWatcher(
            pool: readModel, interval: .milliseconds(options.projectionPollMs), logger: logger)
        let recipients = SightingRecipients(tracker: tracker, invoices: invoices, watcher: watcher)
        let feed: any EventFeed =
            switch options.eventSource {
            case .bus: try BusEventFeed(brokers: options.kafkaBrokers, recipients: recipients, logger: logger)
            case .store:
                try await StoreEventFeed(
                    pool: eventStore, recipients: recipients, interval: .milliseconds(options.eventPollMs),
                    logger: logger)
            }
        let poller = OutcomePoller(
            pool: eventStore, tracker: tracker, invoices: invoices, interval: .milliseconds(options.outcomePollMs),
            logger: logger)
        let background = [
            Task { await feed.run() }, Task { await poller.run() }, Task { await watcher.run() },
        ]
        let measured: Measured
        do {
            measured = try await withClients(wallet) { commands, queries in
                let population = Population(
                    brokers: options.kafkaBrokers, eventStore: eventStore, readModel: readModel, queries: queries,
                    commands: commands, wallet: wallet, tracker: tracker, invoices: invoices, feed: feed,
                    timeout: .seconds(options.setupTimeout), logger: logger)
                let cast = try await population.setUp(
                    issuers: options.issuers, investors: options.investors, poorInvestors: options.poorInvestors,
                    sales: options.presold, clients: options.clients)
                let client = LoadClient(
                    commands: commands, wallet: wallet, tracker: tracker, invoices: invoices, cast: cast,
                    mix: options.mix,
                    measured: true, maxPending: options.maxPending)
                var measured: Measured
                if options.ackProbeRate > 0 {
                    let probe = try await BrokerAckProbe.connect(
                        brokers: options.kafkaBrokers, rate: options.ackProbeRate, logger: logger)
                    do {
                        measured = try await loadAndDrain(client, sampler, tracker, feed, watcher, probe: probe)
                        await probe.shutdown()
                    } catch {
                        await probe.shutdown()
                        throw error
                    }
                } else {
                    measured = try await loadAndDrain(client, sampler, tracker, feed, watcher, probe: nil)
                }
                measured.edges = try await compareEdges(commands, wallet, tracker, invoices, cast)
                return measured
            }
        } catch {
            for task in background { task.cancel() }
            for task in background { await task.value }
            throw error
        }
        for task in background { task.cancel() }
        for task in background { await task.value }
        if let store = feed as? StoreEventFeed, store.abandonedPositions > 0 {
            Population.report("event store positions never seen (rolled-back inserts): \(store.abandonedPositions)")
        }
        return try await report(measured, tracker: tracker, watcher: watcher, sampler: sampler, eventStore: eventStore)
    }

    /// What the load and drain phases leave for the report.
    struct Measured: Sendable {
        let loadStart: Int64
        let loadEnd: Int64
        let drainEnd: Int64
        let processes: [ProcessUsage]
        let timeline: [ProgressTick]
        let ackProbe: BrokerAckProbeResult?
        var edges: [EdgeResult] = []
    }

    /// The edge comparison, on its own HTTP/1.1 connection pool: one connection per client, as
    /// HTTP/1.1 has one request in flight per connection where gRPC multiplexes them over one.
    private func compareEdges(
        _ commands: CommandsClient, _ wallet: AccessTokenWallet, _ tracker: CommandTracker,
        _ invoices: InvoicePool, _ cast: Cast
    ) async throws -> [EdgeResult] {
        guard !options.skipEdges else { return [] }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = options.clients
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let results = await EdgeComparison(
            commands: commands, http: http, httpBase: "http://\(options.http)", wallet: wallet, tracker: tracker,
            invoices: invoices, cast: cast, clients: options.clients, warmUp: .seconds(1),
            duration: .seconds(options.baselineSeconds), settleTimeout: .seconds(options.drainTimeout)
        ).run()
        try await http.shutdown()
        return results
    }

    private func loadAndDrain(
        _ client: LoadClient, _ sampler: ProcessSampler, _ tracker: CommandTracker, _ feed: any EventFeed,
        _ watcher: ProjectionWatcher, probe: BrokerAckProbe?
    ) async throws -> Measured {
        watcher.setEnabled(true)
        let startReadings = sampler.sample()
        let clockStart = ContinuousClock.now
        let loadStart = WallClock.nowMicros()
        let reporter = ProgressReporter(tracker: tracker, feed: feed, watcher: watcher, start: clockStart)
        let loadProgress = Task { await reporter.run(phase: "load") }
        let deadline = clockStart + .seconds(options.duration)
        var paced = client
        if options.rate > 0 { paced.pacer = Pacer(perSecond: options.rate, start: clockStart) }
        let client = paced
        let probing = probe.map { probe in Task { await probe.run(from: clockStart, until: deadline) } }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<options.clients { group.addTask { await client.run(until: deadline) } }
        }
        let loadEnd = WallClock.nowMicros()
        let ackProbe = await probing?.value
        loadProgress.cancel()

        let drainProgress = Task { await reporter.run(phase: "drain") }
        // Done when every command has its outcome and first event, and the sagas have settled: no
        // event for a second and every event seen is visible in the read models.
        let drainDeadline = ContinuousClock.now + .seconds(options.drainTimeout)
        var events = (count: feed.receivedCount, since: ContinuousClock.now)
        while ContinuousClock.now < drainDeadline {
            if feed.receivedCount != events.count { events = (feed.receivedCount, ContinuousClock.now) }
            if tracker.pendingCount == 0, watcher.pendingCount == 0, tracker.awaitingFirstEvent == 0,
                events.since.duration(to: .now) >= .seconds(1)
            {
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        drainProgress.cancel()
        let drainEnd = WallClock.nowMicros()
        let endReadings = sampler.sample()
        reporter.report(phase: "done")
        return Measured(
            loadStart: loadStart, loadEnd: loadEnd, drainEnd: drainEnd,
            processes: sampler.usage(
                from: startReadings, to: endReadings, wallSeconds: WallClock.seconds(from: loadStart, to: drainEnd)),
            timeline: reporter.timeline, ackProbe: ackProbe)
    }

    private func report(
        _ measured: Measured, tracker: CommandTracker, watcher: ProjectionWatcher, sampler: ProcessSampler,
        eventStore: PostgresPool
    ) async throws -> BenchReport {
        let (records, errors) = tracker.measured()
        let analysis = LoadAnalysis(
            records: records, errors: errors, loadStart: measured.loadStart, loadEnd: measured.loadEnd,
            drainEnd: measured.drainEnd)
        let load = analysis.load(missingProjections: watcher.pendingCount)
        let acknowledged = try await BrokerAcknowledgements.firstEvents(
            of: records.map(\.0.id), in: eventStore)
        let latency = analysis.latency(projectionLags: watcher.lags, acknowledged: acknowledged)
        let store = try await StoreFigures.count(in: eventStore, from: measured.loadStart, to: measured.loadEnd)
        let baselines = try await measureBaselines()
        let loading = try await measureAggregateLoading()

        let ceiling = baselines.postgresAppend.first { $0.connections == options.poolSize }?.transactionsPerS
        var ratios: [String: Double] = [:]
        func ratio(_ name: String, _ figure: Double, _ base: Double?) {
            if let base, base > 0 { ratios[name] = figure / base }
        }
        ratio("processed_to_ceiling", load.processedPerS, ceiling)
        ratio("handler_transactions_to_ceiling", store.handlerTransactionsPerS, ceiling)
        for result in baselines.postgresAppend where result.connections != options.poolSize {
            ratio("processed_to_ceiling_\(result.connections)_conns", load.processedPerS, result.transactionsPerS)
        }
        let produce = Dictionary(baselines.kafkaProduce.map { ($0.mode, $0.messagesPerS) }) { first, _ in first }
        ratio("accepted_to_kafka_concurrent_sends", load.acceptedPerS, produce["concurrent_sends"])
        ratio("events_published_to_kafka_batches", store.eventsPublishedPerS, produce["batches"])
        ratio("accepted_to_grpc_round_trips", load.acceptedPerS, baselines.grpcRoundTrip.first?.callsPerS)
        let edges = Dictionary(measured.edges.map { ($0.edge, $0.acceptedPerS) }) { first, _ in first }
        if let http = edges["http"] { ratio("edge_http_to_grpc_accepted", http, edges["grpc"]) }
        return BenchReport(
            method: MethodNotes.notes(
                eventSource: options.eventSource, eventPollMs: options.eventPollMs,
                projectionPollMs: options.projectionPollMs, outcomePollMs: options.outcomePollMs),
            configuration: options.recorded, load: load, latency: latency, brokerAckProbe: measured.ackProbe,
            store: store, baselines: baselines, edges: measured.edges,
            ratios: ratios, processedToCeilingRatio: ratios["processed_to_ceiling"], processes: measured.processes,
            aggregateLoading: loading, timeline: measured.timeline)
    }

    private func measureBaselines() async throws -> Baselines {
        guard !options.skipBaselines else { return Baselines(postgresAppend: [], kafkaProduce: [], grpcRoundTrip: []) }
        Population.report("baseline: PostgreSQL optimistic appends")
        let counts = [options.poolSize, 16].reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        let append = try await PostgresAppendBaseline(
            url: options.eventStoreURL, warmUp: .seconds(1), duration: .seconds(options.baselineSeconds),
            payload: String(decoding: SampleEvent.encoded().payload, as: UTF8.self), logger: logger
        ).run(connectionCounts: counts)
        Population.report("baseline: Kafka produce")
        let produce = try await KafkaProduceBaseline(
            brokers: options.kafkaBrokers, warmUp: .seconds(1), duration: .seconds(options.baselineSeconds),
            logger: logger
        ).run(concurrency: options.clients, batchSize: 500)
        Population.report("baseline: gRPC round trips")
        let roundTrip = try await GRPCRoundTripBaseline(
            warmUp: .seconds(1), duration: .seconds(options.baselineSeconds)
        ).run(concurrency: options.clients)
        let verified = try await GRPCRoundTripBaseline(
            warmUp: .seconds(1), duration: .seconds(options.baselineSeconds), verifyingTokens: true
        ).run(concurrency: options.clients)
        return Baselines(postgresAppend: append, kafkaProduce: produce, grpcRoundTrip: [roundTrip, verified])
    }

    private func measureAggregateLoading() async throws -> AggregateLoadResult? {
        guard !options.skipAggregateLoading else { return nil }
        Population.report("aggregate loading: \(options.loadEvents) events in \(options.loadDatabase)")
        return try await AggregateLoadBenchmark(
            url: try DatabaseURL.replacingDatabase(in: options.eventStoreURL, with: options.loadDatabase),
            events: options.loadEvents, eventsAfterSnapshot: 50, repeats: options.loadRepeats, logger: logger
        ).run()
    }

    /// Runs `body` with clients of Commands and Queries, each on its own HTTP/2 connection; calls
    /// that bring no token go as an operator.
    private func withClients<Result: Sendable>(
        _ wallet: AccessTokenWallet,
        _ body: (CommandsClient, Financing_V1_Queries.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        let asOperator = wallet.defaultCaller(.operator(UUID().uuidString.lowercased()))
        let commands = Bench.address(options.commands)!
        let queries = Bench.address(options.queries)!
        let commandsTransport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: commands.host, port: commands.port), transportSecurity: .plaintext)
        let queriesTransport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: queries.host, port: queries.port), transportSecurity: .plaintext)
        return try await withGRPCClient(transport: commandsTransport, interceptors: [asOperator]) { commandsClient in
            try await withGRPCClient(transport: queriesTransport, interceptors: [asOperator]) { queriesClient in
                try await body(
                    Financing_V1_Commands.Client(wrapping: commandsClient),
                    Financing_V1_Queries.Client(wrapping: queriesClient))
            }
        }
    }
}
