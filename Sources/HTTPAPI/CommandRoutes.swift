import CommandService
import FinancingAPI
import HTTPTypes
import Hummingbird

/// The command routes of SPEC §7, each a translation onto the same use case the gRPC `Commands`
/// service runs: the format checks, the `Idempotency-Key` (the gRPC `request_id`), the access
/// rules and the recording all happen there, once for both edges.
struct CommandRoutes: Sendable {
    let commands: CommandsService

    static let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!
    static let traceparentField = HTTPField.Name("traceparent")!

    var routes: [Route] {
        [
            Route(method: .post, path: "/v1/invoices", handler: sell),
            Route(method: .post, path: "/v1/invoices/:invoice_id/bids", handler: bid),
            Route(method: .post, path: "/v1/invoices/:invoice_id/approval", handler: approve),
            Route(method: .post, path: "/v1/invoices/:invoice_id/reversal", handler: reverse),
            Route(method: .get, path: "/v1/commands/:command_id", handler: status),
        ]
    }

    @Sendable func sell(_ request: Request, context: APIRequestContext) async throws -> Response {
        let body = try SellInvoiceBody(try await JSONBody.read(request, context: context))
        var message = Financing_V1_SellInvoiceRequest()
        message.issuerID = body.issuerID ?? ""
        if let price = body.askingPrice { message.askingPrice.minorUnits = price }
        message.requestID = try Self.requestID(request)
        let answer = try await commands.sellInvoice(message, traceparent: Self.traceparent(request))
        return Self.accepted(CommandAcceptedJSON(commandID: answer.commandID, invoiceID: answer.invoiceID))
    }

    @Sendable func bid(_ request: Request, context: APIRequestContext) async throws -> Response {
        let body = try BidBody(try await JSONBody.read(request, context: context))
        var message = Financing_V1_BidOnInvoiceRequest()
        message.invoiceID = context.parameters.get("invoice_id") ?? ""
        message.investorID = body.investorID ?? ""
        if let bid = body.bid { message.bid.minorUnits = bid }
        message.requestID = try Self.requestID(request)
        let answer = try await commands.bidOnInvoice(message, traceparent: Self.traceparent(request))
        return Self.accepted(CommandAcceptedJSON(commandID: answer.commandID))
    }

    @Sendable func approve(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await decision(Financing_V1_ApproveFinancingRequest.self, request, context, commands.approveFinancing)
    }

    @Sendable func reverse(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await decision(Financing_V1_ReverseFinancingRequest.self, request, context, commands.reverseFinancing)
    }

    private func decision<Message: FinancingDecisionRequest>(
        _ type: Message.Type, _ request: Request, _ context: APIRequestContext,
        _ submit: (Message, String?) async throws -> Financing_V1_CommandAccepted
    ) async throws -> Response {
        var message = Message()
        message.invoiceID = context.parameters.get("invoice_id") ?? ""
        message.requestID = try Self.requestID(request)
        let answer = try await submit(message, Self.traceparent(request))
        return Self.accepted(CommandAcceptedJSON(commandID: answer.commandID))
    }

    @Sendable func status(_ request: Request, context: APIRequestContext) async throws -> Response {
        var message = Financing_V1_GetCommandStatusRequest()
        message.commandID = context.parameters.get("command_id") ?? ""
        return JSONResponse.make(CommandStatusJSON(try await commands.commandStatus(message)))
    }

    /// 202 with where to learn the outcome.
    private static func accepted(_ answer: CommandAcceptedJSON) -> Response {
        JSONResponse.make(status: .accepted, answer, headers: [.location: "/v1/commands/\(answer.commandID)"])
    }

    /// The `Idempotency-Key`; sent but empty is refused, not taken for "no key": a client that
    /// means to retry safely must not lose that safety to a blank header.
    private static func requestID(_ request: Request) throws(APIError) -> String {
        guard let key = request.headers[idempotencyKeyField] else { return "" }
        guard !key.isEmpty else { throw .invalid("Idempotency-Key", "must be a canonical lower-case UUID, got \"\"") }
        return key
    }

    private static func traceparent(_ request: Request) -> String? {
        CommandsService.wellFormedTraceparent(request.headers[traceparentField])
    }
}
