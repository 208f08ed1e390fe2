import Authentication
import FinancingAPI
import FinancingRuntime
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

/// The interceptor in front of a real gRPC server on a loopback port: what a caller with and
/// without a valid token gets, and what the handler behind it sees.
@Suite("BearerTokenInterceptor over gRPC")
struct BearerTokenInterceptorTests {
    /// Answers GetInvestor with the caller the handler saw, as "role subject".
    struct WhoAmI: Financing_V1_Queries.SimpleServiceProtocol {
        func getInvestor(request: Financing_V1_GetInvestorRequest, context: ServerContext) async throws
            -> Financing_V1_Investor
        {
            var investor = Financing_V1_Investor()
            investor.name = Caller.current.map { "\($0.role.rawValue) \($0.subject)" } ?? "nobody"
            return investor
        }
        func allInvestors(request: Financing_V1_AllInvestorsRequest, context: ServerContext) async throws
            -> Financing_V1_AllInvestorsResponse
        { throw RPCError(code: .unimplemented, message: "") }
        func allInvoices(request: Financing_V1_AllInvoicesRequest, context: ServerContext) async throws
            -> Financing_V1_AllInvoicesResponse
        { throw RPCError(code: .unimplemented, message: "") }
        func allIssuers(request: Financing_V1_AllIssuersRequest, context: ServerContext) async throws
            -> Financing_V1_AllIssuersResponse
        { throw RPCError(code: .unimplemented, message: "") }
        func getInvoice(request: Financing_V1_GetInvoiceRequest, context: ServerContext) async throws
            -> Financing_V1_Invoice
        { throw RPCError(code: .unimplemented, message: "") }
    }

    static let subject = "6f1c2d4e-8a9b-4c3d-9e8f-0a1b2c3d4e5f"

    enum Outcome: Equatable {
        case answered(String)
        case refused(RPCError.Code)
    }

    /// The name GetInvestor answers with `metadata`, or the error code.
    static func whoAmI(_ metadata: Metadata, key: SigningKey) async throws -> Outcome {
        let interceptor = BearerTokenInterceptor(
            verifier: await AccessTokenVerifier(key: key), logger: TestLogging.logger("auth"))
        let readiness = Readiness(checks: [], logger: TestLogging.logger("auth"))
        await readiness.refresh()
        return try await HealthServiceTests.withServer(
            [WhoAmI(), HealthService(readiness: readiness, services: [], dependencies: [])],
            interceptors: [interceptor]
        ) { client in
            var health = Grpc_Health_V1_HealthCheckRequest()
            health.service = ""
            // Health stays open whatever the token.
            #expect(try await Grpc_Health_V1_Health.Client(wrapping: client).check(health).status == .serving)
            do {
                let investor = try await Financing_V1_Queries.Client(wrapping: client).getInvestor(
                    Financing_V1_GetInvestorRequest(), metadata: metadata)
                return .answered(investor.name)
            } catch let error as RPCError {
                #expect(error.message == "unauthenticated")
                return .refused(error.code)
            }
        }
    }

    @Test("a valid token reaches the handler as Caller.current")
    func valid() async throws {
        let key = try SigningKey.generate()
        let token = try await AccessTokenIssuer(key: key).token(
            for: Caller(subject: Self.subject, role: .issuer), at: Date(), lifetime: .seconds(60))
        #expect(
            try await Self.whoAmI(["authorization": "Bearer \(token)"], key: key) == .answered("issuer \(Self.subject)")
        )
        #expect(
            try await Self.whoAmI(["authorization": "bearer \(token)"], key: key) == .answered("issuer \(Self.subject)")
        )
    }

    @Test("no token, another scheme, a token of another key or an expired one: UNAUTHENTICATED, nothing more")
    func refused() async throws {
        let key = try SigningKey.generate()
        let caller = Caller(subject: Self.subject, role: .investor)
        let stranger = try await AccessTokenIssuer(key: try SigningKey.generate()).token(
            for: caller, at: Date(), lifetime: .seconds(60))
        let expired = try await AccessTokenIssuer(key: key).token(
            for: caller, at: Date() - 3600, lifetime: .seconds(60))
        for metadata: Metadata in [
            [:], ["authorization": "Basic dXNlcjpwYXNz"], ["authorization": "Bearer \(stranger)"],
            ["authorization": "Bearer \(expired)"], ["authorization": "Bearer"],
        ] {
            #expect(try await Self.whoAmI(metadata, key: key) == .refused(.unauthenticated))
        }
    }
}
