import Foundation

/// The parsed options as plain values that tasks can share.
struct BenchOptions: Sendable {
    let eventStoreURL: String
    let readModelURL: String
    let kafkaBrokers: String
    let commands: String
    let queries: String
    let http: String
    let skipEdges: Bool
    let keyFile: String
    let clients: Int
    let maxPending: Int
    let rate: Int
    let duration: Int
    let drainTimeout: Int
    let mix: Mix
    let investors: Int
    let poorInvestors: Int
    let issuers: Int
    let presold: Int
    let setupTimeout: Int
    let pids: String?
    let poolSize: Int
    let baselineSeconds: Int
    let skipBaselines: Bool
    let loadEvents: Int
    let loadRepeats: Int
    let loadDatabase: String
    let skipAggregateLoading: Bool
    let eventSource: EventSource
    let eventPollMs: Int
    let projectionPollMs: Int
    let outcomePollMs: Int
    let ackProbeRate: Int
    let startedAt = Date()

    init(_ bench: Bench) {
        eventStoreURL = bench.eventStoreURL
        readModelURL = bench.readModelURL
        kafkaBrokers = bench.kafkaBrokers
        commands = bench.commands
        queries = bench.queries
        http = bench.http
        skipEdges = bench.skipEdges
        keyFile = bench.keyFile
        clients = bench.clients
        maxPending = bench.maxPending
        rate = bench.rate
        duration = bench.duration
        drainTimeout = bench.drainTimeout
        mix = Mix(parsing: bench.mix) ?? .standard
        investors = bench.investors
        poorInvestors = bench.poorInvestors
        issuers = bench.issuers
        presold = bench.presold
        setupTimeout = bench.setupTimeout
        pids = bench.pids
        poolSize = bench.poolSize
        baselineSeconds = bench.baselineSeconds
        skipBaselines = bench.skipBaselines
        loadEvents = bench.loadEvents
        loadRepeats = bench.loadRepeats
        loadDatabase = bench.loadDatabase
        skipAggregateLoading = bench.skipAggregateLoading
        eventSource = bench.eventSource
        eventPollMs = bench.eventPollMs
        projectionPollMs = bench.projectionPollMs
        outcomePollMs = bench.outcomePollMs
        ackProbeRate = bench.ackProbeRate
    }

    /// What the JSON records of the configuration (database names only, no credentials).
    var recorded: RunConfiguration {
        func database(_ url: String) -> String {
            URLComponents(string: url)?.path.split(separator: "/").last.map(String.init) ?? "?"
        }
        return RunConfiguration(
            startedAt: ISO8601DateFormatter().string(from: startedAt), clients: clients, maxPending: maxPending,
            rate: rate, durationS: duration,
            drainTimeoutS: drainTimeout, mix: mix.description, investors: investors, poorInvestors: poorInvestors,
            issuers: issuers, presoldInvoices: presold, servicePoolSize: poolSize, commands: commands,
            queries: queries, kafkaBrokers: kafkaBrokers, eventStoreDatabase: database(eventStoreURL),
            readModelDatabase: database(readModelURL), eventSource: eventSource.rawValue,
            ackProbeRate: ackProbeRate)
    }
}
