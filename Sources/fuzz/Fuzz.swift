import ArgumentParser
import Foundation
import Logging

/// `fuzz`: sends malformed requests to a running stack's two gRPC services and checks that each
/// is refused, that nothing was recorded or raised from them, and that the servers lived through
/// it. Exits non-zero when any check failed.
@main
struct Fuzz: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Sends malformed requests to both gRPC services of a running stack and checks the answers.")

    private static let environment = ProcessInfo.processInfo.environment

    @Option(help: "host:port of gRPC Commands.")
    var commands = "127.0.0.1:\(environment["FINANCING_COMMANDS_PORT"] ?? "8080")"
    @Option(help: "host:port of gRPC Queries.")
    var queries = "127.0.0.1:\(environment["FINANCING_QUERIES_PORT"] ?? "8081")"
    @Option(name: .customLong("eventstore-url"), help: "Event store database URL (FINANCING_EVENTSTORE_URL).")
    var eventStoreURL =
        environment["FINANCING_EVENTSTORE_URL"] ?? "postgres://postgres:postgres@127.0.0.1:5432/financing"
    @Option(help: "Kafka bootstrap brokers (FINANCING_KAFKA_BROKERS), for the overflow controls' registrations.")
    var kafkaBrokers = environment["FINANCING_KAFKA_BROKERS"] ?? "127.0.0.1:9092"
    @Option(help: "The stack's signing key, for the controls' and the load's tokens (FINANCING_AUTH_KEY_FILE).")
    var keyFile = environment["FINANCING_AUTH_KEY_FILE"] ?? "run/auth-key.pem"
    @Option(help: "Malformed requests to send.")
    var requests = 100_000
    @Option(help: "Requests in flight at once.")
    var concurrency = 32
    @Option(help: "Seed of the request generator: the same seed sends the same requests.")
    var seed: UInt64 = 1
    @Option(help: "Service process ids to check for restarts, comma-separated (optional).")
    var pids: String?
    @Option(help: "Controls per command kind whose request_ids the load reuses.")
    var reuseControls = 4
    @Option(help: "Seconds between progress lines.")
    var progressInterval = 10
    @Option(help: "Seconds to wait for the stack, each control outcome and the drain after the load.")
    var timeout = 90
    @Option(help: "Seconds without any answer after which the load is stopped as stalled (a failure).")
    var stallTimeout = 30

    func validate() throws {
        guard requests > 0, concurrency > 0, reuseControls > 0, progressInterval > 0, timeout > 0, stallTimeout > 0
        else {
            throw ValidationError("counts and durations must be positive")
        }
        guard Self.address(commands) != nil, Self.address(queries) != nil else {
            throw ValidationError("--commands and --queries take host:port")
        }
        guard (try? processIDs()) != nil else { throw ValidationError("--pids takes process ids, e.g. 1234,5678") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "fuzz")
        let settings = FuzzSettings(
            commands: Self.address(commands)!, queries: Self.address(queries)!, eventStoreURL: eventStoreURL,
            kafkaBrokers: kafkaBrokers, keyFile: keyFile, requests: requests, concurrency: concurrency, seed: seed,
            pids: try processIDs(), reuseControlsPerKind: reuseControls, progressInterval: .seconds(progressInterval),
            timeout: .seconds(timeout), stallTimeout: .seconds(stallTimeout))
        let passed = try await FuzzRun(settings: settings, logger: logger).run()
        if !passed { throw ExitCode(1) }
    }

    private func processIDs() throws -> [Int32] {
        guard let pids, !pids.isEmpty else { return [] }
        return try pids.split(separator: ",").map { text in
            guard let pid = Int32(text.trimmingCharacters(in: .whitespaces)), pid > 0 else {
                throw ValidationError("not a process id: \(text)")
            }
            return pid
        }
    }

    static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            return nil
        }
        return (String(text[..<colon]), port)
    }
}
