import Authentication
import FinancingAPI
import FinancingRuntime
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The ceiling of gRPC itself on this machine: the load's `BidOnInvoice` request, sent by the same number of
/// clients over one HTTP/2 connection, to a server in this process that answers at once. Every command the
/// service accepts costs at least one such round trip (the bench's client and the listener's server), so
/// `processed / calls_per_s` is the share of the machine gRPC alone takes at the measured load.
///
/// With `verifyingTokens`, every call carries a bearer token and the server checks it with the
/// listener's own interceptor before answering: the difference is what authentication costs a call.
struct GRPCRoundTripBaseline: Sendable {
    let warmUp: Duration
    let duration: Duration
    var verifyingTokens = false

    func run(concurrency: Int) async throws -> RoundTripBaselineResult {
        let key = try SigningKey.generate()
        let interceptors: [any ServerInterceptor] =
            verifyingTokens
            ? [BearerTokenInterceptor(verifier: await AccessTokenVerifier(key: key), logger: Logger(label: "bench"))]
            : []
        let token = try await AccessTokenIssuer(key: key).token(
            for: .investor(UUID().uuidString.lowercased()), at: Date(), lifetime: .seconds(3_600))
        let server = GRPCServer(
            transport: .http2NIOPosix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext),
            services: [AcceptEverythingCommands()], interceptors: interceptors)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            // Also when the client fails, so the group can finish.
            defer { server.beginGracefulShutdown() }
            guard let address = try await server.listeningAddress?.ipv4 else {
                throw BenchError("the round-trip baseline's server has no IPv4 address")
            }
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: address.host, port: address.port), transportSecurity: .plaintext)
            let result = try await withGRPCClient(transport: transport) { client in
                await measure(
                    Financing_V1_Commands.Client(wrapping: client), concurrency: concurrency,
                    token: verifyingTokens ? token : nil)
            }
            return result
        }
    }

    private func measure(
        _ commands: Financing_V1_Commands.Client<HTTP2ClientTransport.Posix>, concurrency: Int, token: String?
    ) async -> RoundTripBaselineResult {
        let request = {
            var request = Financing_V1_BidOnInvoiceRequest()
            request.investorID = UUID().uuidString.lowercased()
            request.invoiceID = UUID().uuidString.lowercased()
            request.bid = LoadClient.money(1_000)
            return request
        }()
        let clock = ContinuousClock()
        let window = WindowTally(startingAt: clock.now, warmUp: warmUp, duration: duration)
        let totals = Locked(window)
        let cpu = Locked((before: 0, after: 0))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await clock.sleep(until: window.measureFrom)
                cpu.withLock { $0.before = Self.processTicks() }
                try? await clock.sleep(until: window.end)
                cpu.withLock { $0.after = Self.processTicks() }
            }
            for _ in 0..<concurrency {
                group.addTask {
                    var mine = window
                    var request = request
                    while clock.now < window.end {
                        request.requestID = UUID().uuidString.lowercased()
                        var metadata: Metadata = ["traceparent": .string(TraceContext.traceparent(for: UUID()))]
                        if let token { metadata.addString("Bearer \(token)", forKey: "authorization") }
                        let began = clock.now
                        let succeeded = (try? await commands.bidOnInvoice(request, metadata: metadata)) != nil
                        let finished = clock.now
                        mine.record(began: began, finished: finished, succeeded: succeeded)
                    }
                    totals.withLock { $0.merge(mine) }
                }
            }
        }
        let result = totals.value
        let seconds = ProgressReporter.seconds(duration)
        let ticks = cpu.value
        return RoundTripBaselineResult(
            concurrency: concurrency, verifiesTokens: token != nil, calls: result.succeeded,
            callsPerS: Double(result.succeeded) / seconds,
            cores: Double(ticks.after - ticks.before) / ProcFS.ticksPerSecond / seconds, failures: result.failures,
            latency: LatencySummary(micros: result.latencies))
    }

    /// User plus system CPU ticks this process has used so far.
    private static func processTicks() -> Int {
        guard let sample = ProcFS.sample(getpid()) else { return 0 }
        return sample.userTicks + sample.systemTicks
    }
}
