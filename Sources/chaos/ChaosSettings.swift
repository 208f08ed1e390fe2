import Foundation

/// How big and how long a run is, and where its parts live.
struct ChaosSettings: Sendable {
    var financing: String
    var tansu: String
    var postgresBin: String
    var workDirectory: URL
    var postgresPort = 55_432
    var brokerPort = 59_092
    /// The fault proxies the services reach PostgreSQL and the broker through.
    var postgresProxyPort = 55_433
    var brokerProxyPort = 59_093
    var commandsPort = 58_080
    var queriesPort = 58_081
    /// The first of the fleet's /metrics ports, one per copy: below Linux's ephemeral range
    /// (32768–60999), so an outgoing connection never holds one when a restarted copy binds it.
    var metricsPortBase = 30_100
    /// How long clients and faults run.
    var duration: Duration
    var clients: Int
    /// The clients' combined operations per second; nil for as fast as they are answered.
    var operationsPerSecond: Int?
    var investors: Int
    var issuers: Int
    /// Every investor's opening balance, in minor units.
    var balance: Int64 = 1_000_000
    /// Seconds between two faults.
    var faultInterval: ClosedRange<Double>
    /// The faults the nemesis chooses from; nil for all.
    var faults: Set<String>?
    /// Seconds between two rounds of malformed messages on every consumed topic.
    var poisonInterval: ClosedRange<Double> = 3...6
    /// Commands without an outcome above which clients hold off.
    var maxBacklog = 2_000
    /// How long to wait for the system to settle once the faults stop.
    var quiescenceTimeout: Duration

    /// The run `scripts/test` includes: a few minutes on two cores.
    static func short(financing: String, tansu: String, postgresBin: String, workDirectory: URL) -> Self {
        ChaosSettings(
            financing: financing, tansu: tansu, postgresBin: postgresBin, workDirectory: workDirectory,
            duration: .seconds(100), clients: 6, investors: 40, issuers: 8, faultInterval: 2...5,
            quiescenceTimeout: .seconds(240))
    }

    /// The full run. Paced at 70 operations/s (about 63,000 commands in 900 s): unpaced, the faster
    /// write path offered ~100,000, and the memory-only broker holding all of it grew too slow for
    /// the handlers to catch up within the quiescence timeout.
    static func full(financing: String, tansu: String, postgresBin: String, workDirectory: URL) -> Self {
        ChaosSettings(
            financing: financing, tansu: tansu, postgresBin: postgresBin, workDirectory: workDirectory,
            duration: .seconds(900), clients: 10, operationsPerSecond: 70, investors: 100, issuers: 20,
            faultInterval: 3...8, quiescenceTimeout: .seconds(600))
    }
}
