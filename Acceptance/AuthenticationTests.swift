import Authentication
import FinancingAPI
import Foundation
import GRPCCore
import Testing

/// SPEC §6: every call of both services proves its caller with a bearer token signed by the
/// stack's key; anything else is UNAUTHENTICATED, with no detail, and does nothing.
@Suite("Authentication", .timeLimit(.minutes(2)))
struct AuthenticationTests {
    /// A call of each method of both services, with well-formed requests, made with `metadata`.
    static let calls: [(String, @Sendable (Stack, Metadata) async throws -> Void)] = [
        (
            "SellInvoice",
            { stack, metadata in
                var request = Financing_V1_SellInvoiceRequest()
                request.issuerID = freshID()
                request.askingPrice = money(100)
                _ = try await stack.commands.sellInvoice(request, metadata: metadata)
            }
        ),
        (
            "BidOnInvoice",
            { stack, metadata in
                var request = Financing_V1_BidOnInvoiceRequest()
                request.investorID = freshID()
                request.invoiceID = freshID()
                request.bid = money(100)
                _ = try await stack.commands.bidOnInvoice(request, metadata: metadata)
            }
        ),
        (
            "ApproveFinancing",
            { stack, metadata in
                var request = Financing_V1_ApproveFinancingRequest()
                request.invoiceID = freshID()
                _ = try await stack.commands.approveFinancing(request, metadata: metadata)
            }
        ),
        (
            "ReverseFinancing",
            { stack, metadata in
                var request = Financing_V1_ReverseFinancingRequest()
                request.invoiceID = freshID()
                _ = try await stack.commands.reverseFinancing(request, metadata: metadata)
            }
        ),
        (
            "GetCommandStatus",
            { stack, metadata in
                var request = Financing_V1_GetCommandStatusRequest()
                request.commandID = freshID()
                _ = try await stack.commands.getCommandStatus(request, metadata: metadata)
            }
        ),
        ("AllInvestors", { stack, metadata in _ = try await stack.queries.allInvestors(.init(), metadata: metadata) }),
        ("AllInvoices", { stack, metadata in _ = try await stack.queries.allInvoices(.init(), metadata: metadata) }),
        ("AllIssuers", { stack, metadata in _ = try await stack.queries.allIssuers(.init(), metadata: metadata) }),
        (
            "GetInvestor",
            { stack, metadata in
                var request = Financing_V1_GetInvestorRequest()
                request.investorID = freshID()
                _ = try await stack.queries.getInvestor(request, metadata: metadata)
            }
        ),
        (
            "GetInvoice",
            { stack, metadata in
                var request = Financing_V1_GetInvoiceRequest()
                request.invoiceID = freshID()
                _ = try await stack.queries.getInvoice(request, metadata: metadata)
            }
        ),
    ]

    /// Credentials that prove nothing: none, not a JWT, expired, signed by another key, a bare token.
    static func worthless() async throws -> [(String, Metadata)] {
        let caller = Caller(subject: freshID(), role: .operator)
        let ours = try SigningKey.read(from: StackEnvironment.authKeyFile)
        let expired = try await AccessTokenIssuer(key: ours).token(
            for: caller, at: Date().addingTimeInterval(-7_200), lifetime: .seconds(3_600))
        let foreign = try await AccessTokenIssuer(key: try SigningKey.generate()).token(
            for: caller, at: Date(), lifetime: .seconds(3_600))
        let valid = try await Credentials.token(for: caller)
        return [
            ("no token", [:]), ("not a JWT", .bearer("not-a-token")), ("expired", .bearer(expired)),
            ("another key's", .bearer(foreign)), ("no Bearer scheme", ["authorization": "\(valid)"]),
        ]
    }

    @Test(
        "Given the running stack, when any method of either service is called without a valid token, then UNAUTHENTICATED, saying nothing more"
    )
    func everyMethodNeedsAToken() async throws {
        let credentials = try await Self.worthless()
        try await withStack(anonymous: true) { stack in
            for (method, call) in Self.calls {
                for (what, metadata) in credentials {
                    do {
                        try await call(stack, metadata)
                        Issue.record("\(method) with \(what) was answered")
                    } catch let error as RPCError {
                        #expect(error.code == .unauthenticated, "\(method) with \(what)")
                        #expect(error.message == "unauthenticated", "\(method) with \(what)")
                    }
                }
            }
        }
    }

    @Test(
        "Given a sale refused for want of a token, when the operator asks for its request_id, then nothing was recorded"
    )
    func refusedCallRecordsNothing() async throws {
        try await withStack(anonymous: true) { stack in
            var request = Financing_V1_SellInvoiceRequest()
            request.issuerID = freshID()
            request.askingPrice = money(100)
            request.requestID = freshID()
            #expect(await rpcErrorCode { _ = try await stack.commands.sellInvoice(request) } == .unauthenticated)
            let status = try await Credentials.metadata(as: Credentials.anOperator)
            var lookup = Financing_V1_GetCommandStatusRequest()
            lookup.commandID = request.requestID
            #expect(
                await rpcErrorCode { _ = try await stack.commands.getCommandStatus(lookup, metadata: status) }
                    == .notFound)
        }
    }
}
