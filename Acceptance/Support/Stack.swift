import Authentication
import FinancingAPI
import GRPCCore
import GRPCNIOTransportHTTP2

/// The gRPC transport the tests use: plaintext HTTP/2 over TCP.
typealias Transport = HTTP2ClientTransport.Posix

/// Clients of the running stack's two gRPC services.
struct Stack: Sendable {
    let commands: Financing_V1_Commands.Client<Transport>
    let queries: Financing_V1_Queries.Client<Transport>
}

/// Connects to `Commands` and `Queries`, runs `body`, and closes both connections. A call that
/// brings no token of its own is made as the suite's operator, unless `anonymous`.
func withStack<Result: Sendable>(anonymous: Bool = false, _ body: (Stack) async throws -> Result) async throws
    -> Result
{
    let commandsTransport = try Transport(
        target: .ipv4(address: StackEnvironment.host, port: StackEnvironment.commandsPort),
        transportSecurity: .plaintext)
    let queriesTransport = try Transport(
        target: .ipv4(address: StackEnvironment.host, port: StackEnvironment.queriesPort), transportSecurity: .plaintext
    )
    let asOperator: [any ClientInterceptor] =
        anonymous ? [] : [DefaultCallerInterceptor { try await Credentials.token(for: Credentials.anOperator) }]
    return try await withGRPCClient(transport: commandsTransport, interceptors: asOperator) { commandsClient in
        try await withGRPCClient(transport: queriesTransport, interceptors: asOperator) { queriesClient in
            try await body(
                Stack(
                    commands: Financing_V1_Commands.Client(wrapping: commandsClient),
                    queries: Financing_V1_Queries.Client(wrapping: queriesClient)))
        }
    }
}

/// The status code an RPC failed with, or nil when it succeeded.
func rpcErrorCode(_ call: () async throws -> Void) async -> RPCError.Code? {
    do {
        try await call()
        return nil
    } catch let error as RPCError {
        return error.code
    } catch {
        return .unknown
    }
}

/// Money on the wire.
func money(_ minorUnits: Int64) -> Financing_V1_Money {
    var money = Financing_V1_Money()
    money.minorUnits = minorUnits
    return money
}
