import FinancingAPI
import FinancingRuntime
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

/// SPEC §6's request limit on a real server with the servers' transport configuration.
@Suite("gRPC servers refuse requests over 64 KiB")
struct RequestLimitTests {
    /// GetInvestor with an investor_id of `bytes` characters: the answer's name, or the code.
    static func call(idBytes: Int) async throws -> BearerTokenInterceptorTests.Outcome {
        try await HealthServiceTests.withServer(
            [BearerTokenInterceptorTests.WhoAmI()], config: GRPCServerLimits.transport
        ) { client in
            var request = Financing_V1_GetInvestorRequest()
            request.investorID = String(repeating: "x", count: idBytes)
            do {
                return .answered(try await Financing_V1_Queries.Client(wrapping: client).getInvestor(request).name)
            } catch let error as RPCError {
                return .refused(error.code)
            }
        }
    }

    @Test("a request just under the limit is read; one just over it is refused")
    func limit() async throws {
        // A length-delimited field costs its tag and a three-byte length.
        #expect(try await Self.call(idBytes: APILimits.maximumRequestBytes - 4) == .answered("nobody"))
        let over = try await Self.call(idBytes: APILimits.maximumRequestBytes + 1)
        #expect(over == .refused(.resourceExhausted) || over == .refused(.unavailable))
    }
}
