import GRPCCore
import Metrics

/// What the listener reports: each command request it accepted, or rejected with which gRPC code
/// (`INVALID_ARGUMENT` for a malformed request, `UNAVAILABLE` when it could not record or enqueue).
public struct CommandMetrics: Sendable {
    private let factory: any MetricsFactory

    /// Records through `factory`; the process-wide `MetricsSystem` unless a test passes its own.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    func accepted(_ command: String) {
        Counter(
            label: "financing_commands_accepted_total", dimensions: [("command", command)], factory: factory
        ).increment()
    }

    func rejected(_ command: String, code: RPCError.Code) {
        Counter(
            label: "financing_commands_rejected_total",
            dimensions: [("command", command), ("code", Self.statusName(code))], factory: factory
        ).increment()
    }

    /// The code as gRPC spells it (`invalidArgument` → `INVALID_ARGUMENT`).
    static func statusName(_ code: RPCError.Code) -> String {
        var name = ""
        for character in code.description {
            if character.isUppercase { name.append("_") }
            name.append(character)
        }
        return name.uppercased()
    }
}
