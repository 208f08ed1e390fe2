import Authentication
import EventSourcing
import FinancingAPI
import FinancingDomain
import FinancingMessages
import Foundation
import GRPCCore
import Logging

/// The gRPC `Commands` service: checks format, records and enqueues, answers with the id at
/// once. Domain rules are the handler's; their outcome is read back with GetCommandStatus.
///
/// Who may call what is SPEC §6's table (`AccessPolicy`), applied after the format check (it
/// needs the ids) and before anything is recorded; the caller is recorded with the command.
///
/// It implements the full (not the simple) service protocol to read request metadata: a W3C
/// `traceparent` sent by the client travels with the command and onto everything it causes.
public struct CommandsService: Financing_V1_Commands.ServiceProtocol {
    private let gateway: CommandGateway
    private let log: any CommandLog

    public init(log: any CommandLog, publisher: any MessagePublisher, logger: Logger) {
        self.gateway = CommandGateway(log: log, publisher: publisher, logger: logger)
        self.log = log
    }

    public func sellInvoice(
        request: ServerRequest<Financing_V1_SellInvoiceRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_SellInvoiceResponse> {
        ServerResponse(
            message: try await sellInvoice(request.message, traceparent: Self.traceparent(of: request.metadata)))
    }

    public func bidOnInvoice(
        request: ServerRequest<Financing_V1_BidOnInvoiceRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_CommandAccepted> {
        ServerResponse(
            message: try await bidOnInvoice(request.message, traceparent: Self.traceparent(of: request.metadata)))
    }

    public func approveFinancing(
        request: ServerRequest<Financing_V1_ApproveFinancingRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_CommandAccepted> {
        ServerResponse(
            message: try await approveFinancing(request.message, traceparent: Self.traceparent(of: request.metadata)))
    }

    public func reverseFinancing(
        request: ServerRequest<Financing_V1_ReverseFinancingRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_CommandAccepted> {
        ServerResponse(
            message: try await reverseFinancing(request.message, traceparent: Self.traceparent(of: request.metadata)))
    }

    public func getCommandStatus(
        request: ServerRequest<Financing_V1_GetCommandStatusRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_CommandStatus> {
        ServerResponse(message: try await commandStatus(request.message))
    }

    // MARK: The use cases, for every edge: the gRPC methods above and the HTTP routes call these.

    public func sellInvoice(
        _ request: Financing_V1_SellInvoiceRequest, traceparent: String?
    ) async throws -> Financing_V1_SellInvoiceResponse {
        let issuer: IssuerID = try RequestValidator.id(request.issuerID, field: "issuer_id")
        let price = try RequestValidator.amount(
            request.askingPrice, isSet: request.hasAskingPrice, field: "asking_price")
        let requestID = try RequestValidator.requestID(request.requestID)
        let command = FinancingCommand.sellInvoice(invoice: InvoiceID(UUID()), issuer: issuer, askingPrice: price)
        let caller = try CallAuthorization.caller(for: command.protectedCall)
        let accepted = try await gateway.submit(
            command, requestID: requestID, actor: CommandActor(caller), traceparent: traceparent)
        // A retry answers with the invoice id of the first request, read from its record.
        guard
            case .sellInvoice(let invoice, _, _) = try? FinancingCommand.decode(
                type: accepted.type, payload: accepted.payload)
        else { throw RPCError(code: .internalError, message: "recorded command \(accepted.commandID) is unreadable") }
        var response = Financing_V1_SellInvoiceResponse()
        response.commandID = accepted.commandID.uuidString.lowercased()
        response.invoiceID = invoice.description
        return response
    }

    public func bidOnInvoice(_ message: Financing_V1_BidOnInvoiceRequest, traceparent: String?) async throws
        -> Financing_V1_CommandAccepted
    {
        let investor: InvestorID = try RequestValidator.id(message.investorID, field: "investor_id")
        let invoice: InvoiceID = try RequestValidator.id(message.invoiceID, field: "invoice_id")
        let bid = try RequestValidator.amount(message.bid, isSet: message.hasBid, field: "bid")
        let requestID = try RequestValidator.requestID(message.requestID)
        return try await accepted(
            .bidOnInvoice(investor: investor, invoice: invoice, bid: bid), requestID, traceparent: traceparent)
    }

    public func approveFinancing(_ message: Financing_V1_ApproveFinancingRequest, traceparent: String?) async throws
        -> Financing_V1_CommandAccepted
    {
        let invoice: InvoiceID = try RequestValidator.id(message.invoiceID, field: "invoice_id")
        let requestID = try RequestValidator.requestID(message.requestID)
        return try await accepted(.approveFinancing(invoice: invoice), requestID, traceparent: traceparent)
    }

    public func reverseFinancing(_ message: Financing_V1_ReverseFinancingRequest, traceparent: String?) async throws
        -> Financing_V1_CommandAccepted
    {
        let invoice: InvoiceID = try RequestValidator.id(message.invoiceID, field: "invoice_id")
        let requestID = try RequestValidator.requestID(message.requestID)
        return try await accepted(.reverseFinancing(invoice: invoice), requestID, traceparent: traceparent)
    }

    public func commandStatus(_ request: Financing_V1_GetCommandStatusRequest) async throws
        -> Financing_V1_CommandStatus
    {
        let commandID = try RequestValidator.uuid(request.commandID, field: "command_id")
        let caller = try CallAuthorization.caller()
        let recorded: CommandStatus?
        do {
            recorded = try await log.status(of: commandID)
        } catch {
            throw RPCError(code: .unavailable, message: "command status is unavailable right now")
        }
        // Refused alike whether the command is someone else's or does not exist: only operators
        // learn that an id is unknown.
        guard AccessPolicy.permits(caller, .getCommandStatus(submitter: recorded?.submitter?.subject)) else {
            throw RPCError(AccessRefusal.permissionDenied)
        }
        guard let recorded else {
            throw RPCError(code: .notFound, message: "command \(request.commandID) not found")
        }
        var status = Financing_V1_CommandStatus()
        status.commandID = request.commandID
        switch recorded.outcome {
        case .pending: status.state = .pending
        case .succeeded: status.state = .succeeded
        case .rejected(let reason):
            status.state = .rejected
            status.reason = reason
        }
        return status
    }

    private func accepted(
        _ command: FinancingCommand, _ requestID: UUID?, traceparent: String?
    ) async throws -> Financing_V1_CommandAccepted {
        let caller = try CallAuthorization.caller(for: command.protectedCall)
        let accepted = try await gateway.submit(
            command, requestID: requestID, actor: CommandActor(caller), traceparent: traceparent)
        var response = Financing_V1_CommandAccepted()
        response.commandID = accepted.commandID.uuidString.lowercased()
        return response
    }

    /// The client's W3C trace context, when it sent a well-formed one (version-trace-parent-flags).
    static func traceparent(of metadata: Metadata) -> String? {
        wellFormedTraceparent(metadata[stringValues: "traceparent"].first(where: { _ in true }))
    }

    /// `value` if it is a well-formed W3C trace context, for any edge's header of that name.
    public static func wellFormedTraceparent(_ value: String?) -> String? {
        guard let value, value.utf8.count == 55, value.split(separator: "-").count == 4 else { return nil }
        return value
    }
}
