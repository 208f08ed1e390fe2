import Authentication
import FinancingAPI
import GRPCCore

extension Stack {
    /// Asks to put an invoice on sale, as the issuer unless `caller` says otherwise.
    func sellInvoice(issuer: String, askingPrice: Int64, requestID: String = "", as caller: Caller? = nil)
        async throws -> Financing_V1_SellInvoiceResponse
    {
        var request = Financing_V1_SellInvoiceRequest()
        request.issuerID = issuer
        request.askingPrice = money(askingPrice)
        request.requestID = requestID
        return try await commands.sellInvoice(
            request, metadata: try await Credentials.metadata(as: caller ?? Credentials.issuer(issuer)))
    }

    /// Asks to bid on an invoice, as the investor unless `caller` says otherwise; returns the command id.
    func bid(investor: String, invoice: String, amount: Int64, requestID: String = "", as caller: Caller? = nil)
        async throws -> String
    {
        var request = Financing_V1_BidOnInvoiceRequest()
        request.investorID = investor
        request.invoiceID = invoice
        request.bid = money(amount)
        request.requestID = requestID
        return try await commands.bidOnInvoice(
            request, metadata: try await Credentials.metadata(as: caller ?? Credentials.investor(investor))
        ).commandID
    }

    /// Asks to approve an invoice's financing, as the operator unless `caller` says otherwise;
    /// returns the command id.
    func approve(invoice: String, as caller: Caller = Credentials.anOperator) async throws -> String {
        var request = Financing_V1_ApproveFinancingRequest()
        request.invoiceID = invoice
        return try await commands.approveFinancing(request, metadata: try await Credentials.metadata(as: caller))
            .commandID
    }

    /// Asks to reverse an invoice's financing, as the operator unless `caller` says otherwise;
    /// returns the command id.
    func reverse(invoice: String, as caller: Caller = Credentials.anOperator) async throws -> String {
        var request = Financing_V1_ReverseFinancingRequest()
        request.invoiceID = invoice
        return try await commands.reverseFinancing(request, metadata: try await Credentials.metadata(as: caller))
            .commandID
    }

    /// The command's status right now, as the operator unless `caller` says otherwise.
    func status(of commandID: String, as caller: Caller = Credentials.anOperator) async throws
        -> Financing_V1_CommandStatus
    {
        var request = Financing_V1_GetCommandStatusRequest()
        request.commandID = commandID
        return try await commands.getCommandStatus(request, metadata: try await Credentials.metadata(as: caller))
    }

    /// Polls GetCommandStatus until the command is no longer PENDING.
    func outcome(of commandID: String) async throws -> Financing_V1_CommandStatus {
        try await eventually("command \(commandID) handled") {
            let status = try await status(of: commandID)
            return status.state == .pending ? nil : status
        }
    }
}
