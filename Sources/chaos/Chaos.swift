import ArgumentParser
import Foundation
import Logging

/// `chaos`: runs the financing service under faults and checks its guarantees (SPEC §5) on the
/// history it recorded. Exits non-zero when any anomaly was found.
@main
struct Chaos: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Kills, crashes and pauses a running financing fleet under load, then checks nothing was lost, "
            + "duplicated or misplaced.")

    static let eventStoreDatabase = "chaos_events"
    static let readModelDatabase = "chaos_queries"
    static let rebuildDatabase = "chaos_rebuild"

    @Flag(help: "A run of a few minutes (scripts/test runs this one).")
    var short = false
    @Option(help: "The financing executable.")
    var financing: String
    @Option(help: "The Tansu broker executable.")
    var tansu: String
    @Option(help: "PostgreSQL's bin directory (initdb, pg_ctl).")
    var postgresBin = "/usr/lib/postgresql/15/bin"
    @Option(help: "Where logs and the history go.")
    var workDirectory = "run/chaos"
    @Option(help: "Seconds of workload under faults (overrides the run's default).")
    var seconds: Int?
    @Option(help: "Concurrent clients (overrides the run's default).")
    var clients: Int?
    @Option(help: "The clients' combined operations per second, 0 for unpaced (overrides the run's default).")
    var rate: Int?
    @Option(help: "Seconds to wait for quiescence after the faults (overrides the run's default).")
    var quiescenceTimeout: Int?
    @Option(help: "Added to every port the run uses, so two runs can share a machine (0: PostgreSQL on 55432).")
    var portOffset = 0
    @Option(help: "Comma-separated faults to inject (default: all of \(Nemesis.faults.joined(separator: ","))).")
    var faults: String?

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "chaos")
        // Absolute: children start in the root directory.
        let directory = URL(fileURLWithPath: workDirectory).standardizedFileURL
        let financing = URL(fileURLWithPath: financing).standardizedFileURL.path
        let tansu = URL(fileURLWithPath: tansu).standardizedFileURL.path
        let postgresBin = URL(fileURLWithPath: postgresBin).standardizedFileURL.path
        var settings =
            short
            ? ChaosSettings.short(
                financing: financing, tansu: tansu, postgresBin: postgresBin, workDirectory: directory)
            : ChaosSettings.full(financing: financing, tansu: tansu, postgresBin: postgresBin, workDirectory: directory)
        if let seconds { settings.duration = .seconds(seconds) }
        if let clients { settings.clients = clients }
        if let rate {
            guard rate >= 0 else { throw ValidationError("--rate takes 0 (unpaced) or more operations per second") }
            settings.operationsPerSecond = rate == 0 ? nil : rate
        }
        if let quiescenceTimeout { settings.quiescenceTimeout = .seconds(quiescenceTimeout) }
        settings.postgresPort += portOffset
        settings.brokerPort += portOffset
        settings.postgresProxyPort += portOffset
        settings.brokerProxyPort += portOffset
        settings.commandsPort += portOffset
        settings.queriesPort += portOffset
        settings.metricsPortBase += portOffset
        if let faults {
            let chosen = Set(faults.split(separator: ",").map(String.init))
            guard chosen.isSubset(of: Nemesis.faults) else {
                throw ValidationError("--faults takes some of \(Nemesis.faults.joined(separator: ","))")
            }
            settings.faults = chosen
        }
        let passed = try await ChaosRun(settings: settings, logger: logger).run()
        if !passed { throw ExitCode(1) }
    }
}
