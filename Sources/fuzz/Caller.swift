import Authentication
import FinancingAPI
import GRPCCore
import GRPCNIOTransportHTTP2

/// Sends raw request bytes to any RPC of either service and reports how the call ended.
///
/// Calls that end in stream resets (cancelled, out of time, oversized) travel on connections of
/// their own: HTTP/2 reset-flood protection (swift-nio-http2, as grpc-swift configures it: about
/// 200 RST_STREAM frames per window) closes a connection that resets many streams, and the calls
/// in flight on it would end UNAVAILABLE through no fault of theirs.
struct Caller: Sendable {
    typealias Client = GRPCClient<HTTP2ClientTransport.Posix>

    let commands: Client
    let queries: Client
    let commandsResets: Client
    let queriesResets: Client
    let wallet: AccessTokenWallet
    let anOperator: Authentication.Caller

    func call(
        _ endpoint: Endpoint, _ request: FuzzRequest, mode: CallMode, resets: Bool, _ g: inout SeededGenerator
    ) async -> CallOutcome {
        let metadata: Metadata
        do { metadata = try await self.metadata(request.credential) } catch {
            return CallOutcome(code: nil, message: "", otherError: "no token: \(error)")
        }
        let bytes = request.bytes
        let client =
            switch (endpoint.service, resets) {
            case (.commands, false): commands
            case (.commands, true): commandsResets
            case (.queries, false): queries
            case (.queries, true): queriesResets
            }
        var options = CallOptions.defaults
        switch mode {
        case .plain:
            return await send(client, endpoint, bytes, metadata, options)
        case .zeroDeadline:
            options.timeout = .zero
            return await send(client, endpoint, bytes, metadata, options)
        case .cancel(let maxMicros):
            let pause = Int.random(in: 0...maxMicros, using: &g)
            let call = Task { await send(client, endpoint, bytes, metadata, options) }
            if pause > 0 { try? await Task.sleep(for: .microseconds(pause)) }
            call.cancel()
            return await call.value
        }
    }

    private func metadata(_ credential: FuzzCredential) async throws -> Metadata {
        switch credential {
        case .anOperator: try await wallet.metadata(as: anOperator)
        case .party(let caller): try await wallet.metadata(as: caller)
        case .header(let value): value.map { ["authorization": .string($0)] } ?? [:]
        }
    }

    private func send(
        _ client: Client, _ endpoint: Endpoint, _ bytes: [UInt8], _ metadata: Metadata, _ options: CallOptions
    ) async -> CallOutcome {
        do {
            return try await client.unary(
                request: ClientRequest(message: bytes, metadata: metadata), descriptor: endpoint.descriptor,
                serializer: RawBytesSerializer(), deserializer: RawBytesDeserializer(), options: options
            ) { response in
                switch response.accepted {
                case .success: CallOutcome.ok
                case .failure(let error): Self.outcome(error)
                }
            }
        } catch let error as RPCError {
            return Self.outcome(error)
        } catch is CancellationError {
            return CallOutcome(
                code: .cancelled, message: "cancelled by the client (CancellationError)", otherError: nil)
        } catch {
            return CallOutcome(code: nil, message: "", otherError: "\(type(of: error)): \(error)")
        }
    }

    /// grpc-swift 2 reports the calling task's own cancellation as UNKNOWN caused by a
    /// CancellationError: that status is the client's, no server sent it, so it counts as CANCELLED.
    private static func outcome(_ error: RPCError) -> CallOutcome {
        guard error.code == .unknown, error.cause is CancellationError else { return CallOutcome(error) }
        return CallOutcome(
            code: .cancelled, message: "cancelled by the client (UNKNOWN caused by CancellationError)",
            otherError: nil)
    }
}
