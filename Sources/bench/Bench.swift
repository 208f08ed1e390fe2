import ArgumentParser
import Foundation
import Logging

/// `bench`: drives a running stack with a closed-loop mix of commands, measures throughput and
/// the latency of each stage, measures the servers' raw ceilings in the same run, and prints one
/// table (and writes JSON).
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measures a running financing stack against the raw ceilings of its PostgreSQL and broker.")

    @Option(name: .customLong("eventstore-url"), help: "Event store database URL (FINANCING_EVENTSTORE_URL).")
    var eventStoreURL =
        ProcessInfo.processInfo.environment["FINANCING_EVENTSTORE_URL"]
        ?? "postgres://postgres:postgres@127.0.0.1:5432/financing"
    @Option(name: .customLong("readmodel-url"), help: "Read model database URL (FINANCING_READMODEL_URL).")
    var readModelURL =
        ProcessInfo.processInfo.environment["FINANCING_READMODEL_URL"]
        ?? "postgres://postgres:postgres@127.0.0.1:5432/financing_queries"
    @Option(help: "Kafka bootstrap brokers (FINANCING_KAFKA_BROKERS).")
    var kafkaBrokers = ProcessInfo.processInfo.environment["FINANCING_KAFKA_BROKERS"] ?? "127.0.0.1:9092"
    @Option(help: "host:port of gRPC Commands.")
    var commands = "127.0.0.1:\(ProcessInfo.processInfo.environment["FINANCING_COMMANDS_PORT"] ?? "8080")"
    @Option(help: "host:port of the HTTP/JSON API (compared with gRPC Commands after the load).")
    var http = "127.0.0.1:\(ProcessInfo.processInfo.environment["FINANCING_HTTP_PORT"] ?? "8082")"
    @Option(help: "host:port of gRPC Queries.")
    var queries = "127.0.0.1:\(ProcessInfo.processInfo.environment["FINANCING_QUERIES_PORT"] ?? "8081")"
    @Option(help: "The stack's signing key: the bench's parties sign their tokens with it (FINANCING_AUTH_KEY_FILE).")
    var keyFile = ProcessInfo.processInfo.environment["FINANCING_AUTH_KEY_FILE"] ?? "run/auth-key.pem"

    // 32: at 16 the closed loop was bound by the listener's answer time (16 clients / 31 ms ≈ 500/s), not by the
    // service; 64 measured no more than 32.
    @Option(help: "Concurrent gRPC clients.")
    var clients = 32
    @Option(
        help: """
            Pause sending while this many accepted commands await an outcome (0: never pause). Unbounded, the \
            listener outruns the handler, the backlog grows, and the mix degenerates into sales (nothing gets \
            financed in time to approve or outbid).
            """)
    var maxPending = 256
    @Option(
        help: """
            Open loop: commands per second across all clients, evenly spaced (0: closed loop, each client sends as             soon as its previous command was answered). Give enough --clients to keep the rate.
            """)
    var rate = 0
    @Option(help: "Seconds of load.")
    var duration = 30
    @Option(help: "Seconds to wait after the load for outcomes, events and projections.")
    var drainTimeout = 60
    @Option(help: "Where to write the JSON results.")
    var json = "bench-results.json"
    @Option(help: "The mix, kind=weight,… (kinds: \(CommandKind.allCases.map(\.rawValue).joined(separator: ", "))).")
    var mix = Mix.standard.description

    @Option(help: "Investors registered with a large balance.")
    var investors = 500
    @Option(help: "Investors registered with a zero balance (their bids are rejected).")
    var poorInvestors = 50
    @Option(help: "Issuers registered.")
    var issuers = 20
    @Option(help: "Invoices put on sale during setup, before the load.")
    var presold = 1_000
    @Option(help: "Seconds each setup step may take.")
    var setupTimeout = 120

    @Option(help: "Service processes to sample, name=pid,… or pid,… (default: every `financing` process).")
    var pids: String?
    @Option(help: "The service's PostgreSQL pool size, for the baseline (FINANCING_POOL_SIZE).")
    var poolSize = Int(ProcessInfo.processInfo.environment["FINANCING_POOL_SIZE"] ?? "") ?? 8
    @Option(help: "Seconds of each baseline measurement (after 1 s of warm-up).")
    var baselineSeconds = 5
    @Flag(help: "Skip the PostgreSQL and Kafka baselines.")
    var skipBaselines = false
    @Flag(help: "Skip the edge comparison (the same bids over gRPC, then HTTP/JSON, after the load).")
    var skipEdges = false
    @Option(help: "Events in the history of the investor loaded by the aggregate-loading measurement.")
    var loadEvents = 10_000
    @Option(help: "Timed loads per variant.")
    var loadRepeats = 10
    @Option(help: "Scratch database for the aggregate-loading measurement (created, then dropped).")
    var loadDatabase = "bench_load"
    @Flag(help: "Skip the aggregate-loading measurement.")
    var skipAggregateLoading = false
    @Option(
        help: """
            Where the bench learns of events: bus (a consumer of financing.events of its own) or store (the \
            event store's rows once published, timed by published_at; the broker serves no extra reader).
            """)
    var eventSource = EventSource.bus
    @Option(help: "Milliseconds between polls of the event store's events (with --event-source store).")
    var eventPollMs = 5
    @Option(help: "Milliseconds between polls of the read models (projection lag resolution).")
    var projectionPollMs = 5
    @Option(help: "Milliseconds between polls of command outcomes.")
    var outcomePollMs = 50
    @Option(
        help: """
            Messages per second an outside producer sends to a scratch topic during the load, timing the broker's \
            acknowledgements (0: no probe).
            """)
    var ackProbeRate = 50
    @Option(help: "Log level of the bench's own messages.")
    var logLevel = "warning"

    func validate() throws {
        guard clients > 0, duration > 0, eventPollMs > 0, drainTimeout >= 0, maxPending >= 0, rate >= 0,
            ackProbeRate >= 0
        else {
            throw ValidationError(
                "--clients, --duration and --event-poll-ms must be positive, --drain-timeout, --max-pending, --rate "
                    + "and --ack-probe-rate not negative")
        }
        guard investors > 0, poorInvestors > 0, issuers > 0, presold >= 0 else {
            throw ValidationError("--investors, --poor-investors and --issuers must be positive")
        }
        guard Mix(parsing: mix) != nil else { throw ValidationError("--mix: expected kind=weight,… with known kinds") }
        guard Self.address(commands) != nil, Self.address(queries) != nil else {
            throw ValidationError("--commands and --queries take host:port")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let report = try await BenchRun(options: self, logger: Logger(label: "bench")).run()
        print(ReportTable.render(report))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        print("JSON: \(URL(fileURLWithPath: json).path)")
    }

    static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else { return nil }
        return (String(text[..<colon]), port)
    }
}
