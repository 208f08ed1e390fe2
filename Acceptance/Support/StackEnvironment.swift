import Foundation
import Logging

/// Where the stack under test runs, read from the environment (defaults suit a local stack).
enum StackEnvironment {
    private static let variables = ProcessInfo.processInfo.environment

    /// `FINANCING_COMMANDS_PORT`: the gRPC `Commands` listener.
    static let commandsPort = port("FINANCING_COMMANDS_PORT", default: 8080)
    /// `FINANCING_QUERIES_PORT`: the gRPC `Queries` service.
    static let queriesPort = port("FINANCING_QUERIES_PORT", default: 8081)
    /// `FINANCING_KAFKA_BROKERS`: the broker the stack uses.
    static let brokers = variables["FINANCING_KAFKA_BROKERS"] ?? "127.0.0.1:9092"
    /// The host of both gRPC services.
    static let host = variables["FINANCING_HOST"] ?? "127.0.0.1"
    /// `FINANCING_AUTH_KEY_FILE`: the key the stack verifies tokens with (scripts/run's by default).
    static let authKeyFile =
        variables["FINANCING_AUTH_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "run/auth-key.pem"

    /// `FINANCING_POPULATE_BIN`, else the `populate` built next to this test bundle.
    static var populateBinary: String {
        if let path = variables["FINANCING_POPULATE_BIN"], !path.isEmpty { return path }
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        return bundle.deletingLastPathComponent().appendingPathComponent("populate").path
    }

    /// How long an outcome may take to show (command handled, event relayed, read model updated).
    static let deadline = Duration.seconds(Int64(variables["FINANCING_ACCEPTANCE_DEADLINE_S"] ?? "") ?? 30)
    /// How long a test watches, after the expected events, for anything unexpected to follow.
    static let grace = Duration.milliseconds(1500)

    /// Quiet Kafka client logs: only warnings and errors.
    static let logger: Logger = {
        var logger = Logger(label: "acceptance")
        logger.logLevel = .warning
        return logger
    }()

    private static func port(_ name: String, default value: Int) -> Int {
        variables[name].flatMap(Int.init) ?? value
    }
}

/// A fresh canonical (lower-case) UUID string: every test owns the ids it creates.
func freshID() -> String {
    UUID().uuidString.lowercased()
}
