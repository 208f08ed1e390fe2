import Authentication
import FinancingAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Pacing

/// The generated Commands client over plaintext HTTP/2.
typealias CommandsClient = Financing_V1_Commands.Client<HTTP2ClientTransport.Posix>

/// One client: sends a command, waits for the listener's answer, sends the next (at once, or at
/// its pacer's next slot). Sales and bids go as their issuer and investor; the rest as the
/// operator the client's connection defaults to.
struct LoadClient: Sendable {
    let commands: CommandsClient
    let wallet: AccessTokenWallet
    let tracker: CommandTracker
    let invoices: InvoicePool
    let cast: Cast
    let mix: Mix
    /// Whether the commands belong to the load window (false during setup).
    let measured: Bool
    /// With a positive value, no command is sent while this many accepted commands await their
    /// outcome: the loop then closes on outcomes, not only on the listener's answers.
    var maxPending = 0
    /// With a pacer, sends follow its schedule (an open loop at a fixed rate) instead of going out as
    /// soon as the previous answer came.
    var pacer: Pacer?

    /// Sends commands picked from the mix until the deadline.
    func run(until deadline: ContinuousClock.Instant) async {
        var generator = SystemRandomNumberGenerator()
        while ContinuousClock.now < deadline, !Task.isCancelled {
            while maxPending > 0, tracker.pendingCount >= maxPending, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(2))
            }
            if let pacer {
                await pacer.waitForSlot()
                guard ContinuousClock.now < deadline else { return }
            }
            await send(mix.pick(using: &generator), using: &generator)
        }
    }

    /// Sends one command of the kind, or of a fallback kind when the pool has no target for it yet:
    /// a financing bid instead of what needs a financed invoice, else a sale (which feeds the rest).
    func send<G: RandomNumberGenerator>(_ wanted: CommandKind, using generator: inout G) async {
        let id = UUID()
        let requestID = id.uuidString.lowercased()
        let metadata: Metadata = ["traceparent": .string(TraceContext.traceparent(for: id))]
        let (resolved, target) = resolve(wanted, using: &generator)
        var kind = resolved
        var sale: Sale?
        let requestMicros = WallClock.nowMicros()
        do {
            switch (kind, target) {
            case (.financingBid, .sale(let claimed)):
                // Up to 10% above the asking price, so the excess-release policy runs too.
                let bid = claimed.askingPrice + Int64.random(in: 0...claimed.askingPrice / 10, using: &generator)
                let investor = cast.investors.randomElement(using: &generator)!
                try await placeBid(investor, claimed.invoice, bid, requestID, metadata)
            case (.losingBid, .invoice(let invoice)):
                let bid = Int64.random(in: 1_000...100_000, using: &generator)
                try await placeBid(cast.investors.randomElement(using: &generator)!, invoice, bid, requestID, metadata)
            case (.poorBid, .invoice(let invoice)):
                let investor = cast.poorInvestors.randomElement(using: &generator)!
                try await placeBid(investor, invoice, 1_000, requestID, metadata)
            case (.approve, .invoice(let invoice)):
                var request = Financing_V1_ApproveFinancingRequest()
                request.invoiceID = invoice.uuidString.lowercased()
                request.requestID = requestID
                _ = try await commands.approveFinancing(request, metadata: metadata)
            case (.reverse, .invoice(let invoice)):
                var request = Financing_V1_ReverseFinancingRequest()
                request.invoiceID = invoice.uuidString.lowercased()
                request.requestID = requestID
                _ = try await commands.reverseFinancing(request, metadata: metadata)
            default:
                kind = .sell
                sale = try await sell(using: &generator, requestID: requestID, metadata: metadata)
            }
        } catch {
            guard measured else { return }
            tracker.failed(kind, code: (error as? RPCError).map { "\($0.code)" } ?? "\(type(of: error))")
            return
        }
        tracker.accepted(
            CommandRecord(
                id: id, kind: kind, measured: measured, sale: sale, requestMicros: requestMicros,
                replyMicros: WallClock.nowMicros()))
    }

    private func placeBid(
        _ investor: UUID, _ invoice: UUID, _ amount: Int64, _ requestID: String, _ metadata: Metadata
    ) async throws {
        var request = Financing_V1_BidOnInvoiceRequest()
        request.investorID = investor.uuidString.lowercased()
        request.invoiceID = invoice.uuidString.lowercased()
        request.bid = Self.money(amount)
        request.requestID = requestID
        _ = try await commands.bidOnInvoice(
            request, metadata: try await self.metadata(metadata, as: .investor(request.investorID)))
    }

    private enum Target {
        case sale(Sale)
        case invoice(UUID)
        case none
    }

    private func resolve<G: RandomNumberGenerator>(_ wanted: CommandKind, using generator: inout G) -> (
        CommandKind, Target
    ) {
        var kind = wanted
        while true {
            let found = target(for: kind, using: &generator)
            if case .none = found, kind != .sell {
                kind = kind == .financingBid || kind == .poorBid ? .sell : .financingBid
                continue
            }
            return (kind, found)
        }
    }

    private func target<G: RandomNumberGenerator>(for kind: CommandKind, using generator: inout G) -> Target {
        switch kind {
        case .sell: .none
        case .financingBid: invoices.claimAvailable(using: &generator).map(Target.sale) ?? .none
        case .losingBid: invoices.anySettled(using: &generator).map(Target.invoice) ?? .none
        case .poorBid: invoices.anyExisting(using: &generator).map(Target.invoice) ?? .none
        case .approve, .reverse: invoices.takeFinanced(using: &generator).map(Target.invoice) ?? .none
        }
    }

    private func sell<G: RandomNumberGenerator>(
        using generator: inout G, requestID: String, metadata: Metadata
    ) async throws -> Sale {
        let price = Int64.random(in: 1_000...100_000, using: &generator)
        var request = Financing_V1_SellInvoiceRequest()
        request.issuerID = cast.issuers.randomElement(using: &generator)!.uuidString.lowercased()
        request.askingPrice = Self.money(price)
        request.requestID = requestID
        let response = try await commands.sellInvoice(
            request, metadata: try await self.metadata(metadata, as: .issuer(request.issuerID)))
        guard let invoice = UUID(uuidString: response.invoiceID) else {
            throw RPCError(code: .internalError, message: "SellInvoice answered invoice id \(response.invoiceID)")
        }
        return Sale(invoice: invoice, askingPrice: price)
    }

    private func metadata(_ base: Metadata, as caller: Caller) async throws -> Metadata {
        var metadata = base
        metadata.addString("Bearer \(try await wallet.token(for: caller))", forKey: "authorization")
        return metadata
    }

    static func money(_ minorUnits: Int64) -> Financing_V1_Money {
        var money = Financing_V1_Money()
        money.minorUnits = minorUnits
        return money
    }
}
