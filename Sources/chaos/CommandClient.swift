import Authentication
import FinancingAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// A client that behaves as SPEC §3 asks of one: an uncertain call (no answer, UNAVAILABLE, a
/// reset) is retried with the same `request_id` until it is answered or the client gives up.
/// Every call lands in the history with its outcome.
struct CommandClient: Sendable {
    typealias Transport = HTTP2ClientTransport.Posix

    let commands: Financing_V1_Commands.Client<Transport>
    /// Signs each party's token: the workload acts as its investors, issuers and one operator.
    let wallet: AccessTokenWallet
    let anOperator: Authentication.Caller
    let history: History
    /// How long one call keeps retrying before it is recorded as indeterminate.
    let giveUpAfter: Duration

    /// Sends as `caller` (the operator when nil) until acknowledged; returns the response, or nil
    /// when refused or given up.
    func call<Response: Sendable>(
        _ kind: String, id: UUID, target: UUID, as caller: Authentication.Caller? = nil,
        _ send: @Sendable (Financing_V1_Commands.Client<Transport>, Metadata, CallOptions) async throws -> Response
    ) async -> Response? {
        let start = await history.now()
        let deadline = ContinuousClock.now + giveUpAfter
        var options = CallOptions.defaults
        options.timeout = .seconds(5)
        var attempts = 0
        var pause = Duration.milliseconds(50)
        var lastError = ""
        while true {
            attempts += 1
            do {
                let metadata = try await wallet.metadata(as: caller ?? anOperator)
                let response = try await send(commands, metadata, options)
                await record(kind, id, target, start, attempts, .ok, nil)
                return response
            } catch let error as RPCError
                where [.invalidArgument, .permissionDenied, .unauthenticated].contains(error.code)
            {
                // A definite refusal: nothing was enqueued, retrying would change nothing.
                await record(kind, id, target, start, attempts, .fail, "\(error.code): \(error.message)")
                return nil
            } catch {
                lastError = "\(error)"
            }
            guard ContinuousClock.now + pause < deadline, !Task.isCancelled else { break }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(1))
        }
        await record(kind, id, target, start, attempts, .info, "gave up: \(lastError)")
        return nil
    }

    private func record(
        _ kind: String, _ id: UUID, _ target: UUID, _ start: Double, _ attempts: Int, _ outcome: History.Call.Outcome,
        _ detail: String?
    ) async {
        await history.record(
            History.Call(
                kind: kind, id: id, target: target, startSeconds: start, endSeconds: await history.now(),
                attempts: attempts,
                outcome: outcome, detail: detail))
    }
}
