import FinancingAPI
import Foundation
import GRPCCore

/// A `Commands` server that answers every `BidOnInvoice` at once and does nothing else: no validation, no command
/// log, no broker. It exists only for the gRPC round-trip baseline, which measures what the transport alone costs
/// on this machine; the other methods are never called by it.
struct AcceptEverythingCommands: Financing_V1_Commands.ServiceProtocol {
    private let commandID = UUID().uuidString.lowercased()

    func bidOnInvoice(
        request: ServerRequest<Financing_V1_BidOnInvoiceRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_CommandAccepted> {
        var accepted = Financing_V1_CommandAccepted()
        accepted.commandID = commandID
        return ServerResponse(message: accepted)
    }

    func sellInvoice(
        request: ServerRequest<Financing_V1_SellInvoiceRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_SellInvoiceResponse> {
        throw Self.unused
    }

    func approveFinancing(
        request: ServerRequest<Financing_V1_ApproveFinancingRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_CommandAccepted> {
        throw Self.unused
    }

    func reverseFinancing(
        request: ServerRequest<Financing_V1_ReverseFinancingRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_CommandAccepted> {
        throw Self.unused
    }

    func getCommandStatus(
        request: ServerRequest<Financing_V1_GetCommandStatusRequest>, context: ServerContext
    ) async throws -> ServerResponse<Financing_V1_CommandStatus> {
        throw Self.unused
    }

    private static let unused = RPCError(code: .unimplemented, message: "the round-trip baseline only answers bids")
}
