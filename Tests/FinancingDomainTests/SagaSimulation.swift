import FinancingDomain

/// The choreography of SPEC §1 rows 4–11 run in memory: several investors bid on several invoices; each
/// policy reaction is a message that waits in `pending` and may be delivered in any order, as on a broker
/// where the invoice's and the investors' partitions are consumed independently.
struct SagaSimulation {
    /// A policy's reaction to an event, not yet handled by its target aggregate.
    enum Message: Equatable, CustomStringConvertible {
        /// Row 5: the invoice considers a placed bid.
        case considerBid(InvoiceID, Bid)
        /// Rows 6, 7 and 11: the investor gets reserved money back.
        case release(InvestorID, Money)
        /// Row 9: the investor pays for an approved financing.
        case commit(InvestorID, Money)

        var description: String {
            switch self {
            case .considerBid(let invoice, let bid): "considerBid(\(Self.short(invoice)), \(bid.amount))"
            case .release(let investor, let amount): "release(\(Self.short(investor)), \(amount))"
            case .commit(let investor, let amount): "commit(\(Self.short(investor)), \(amount))"
            }
        }

        private static func short<Tag>(_ id: Identifier<Tag>) -> String { String(id.description.suffix(2)) }
    }

    let issuer = IssuerID("00000000-0000-4000-8000-0000000000aa")!
    let investorIDs: [InvestorID]
    /// Sold invoices, then one id that was never sold (bids on it must be refused).
    let invoiceIDs: [InvoiceID]
    let openingBalances: [InvestorID: Money]
    private(set) var investors: [InvestorID: Investor.State] = [:]
    private(set) var invoices: [InvoiceID: Invoice.State] = [:]
    private(set) var pending: [Message] = []
    /// Every way a policy's command was refused; the choreography must never need one.
    private(set) var policyFailures: [String] = []

    /// Registers the investors and the issuer, then sells one invoice per asking price (rows 1–3).
    init(openingBalances balances: [Int64], askingPrices: [Int64]) throws {
        investorIDs = balances.indices.map { InvestorID(Self.uuid(0x100 + $0))! }
        invoiceIDs = (0...askingPrices.count).map { InvoiceID(Self.uuid(0x200 + $0))! }
        openingBalances = Dictionary(uniqueKeysWithValues: zip(investorIDs, balances.map(Money.cents)))
        for (id, balance) in zip(investorIDs, balances) {
            let events = try Investor.decide(.register(id: id, openingBalance: .cents(balance)), .initial)
            investors[id] = Investor.replay(events)
        }
        let issuerState = Issuer.replay(try Issuer.decide(.register(id: issuer), Issuer.initialState))
        for (id, price) in zip(invoiceIDs, askingPrices) {
            let sell = Invoice.Command.sell(
                id: id, issuer: issuer, askingPrice: .cents(price),
                issuerExists: issuerState != .initial)
            invoices[id] = Invoice.replay(try Invoice.decide(sell, .initial))
        }
    }

    /// Row 4: the investor bids; a placed bid is announced to the invoice.
    mutating func bid(investor: InvestorID, invoice: InvoiceID, amount: Money) {
        let state = investors[investor] ?? .initial
        let command = Investor.Command.placeBid(
            invoice: invoice, amount: amount,
            invoiceExists: invoices[invoice] != nil)
        guard let events = try? Investor.decide(command, state) else { return }
        investors[investor] = Investor.replay(events, from: state)
        for case .bidOnInvoicePlaced(let invoice, let amount) in events {
            pending.append(.considerBid(invoice, Bid(investor: investor, amount: amount)))
        }
    }

    /// Rows 8 and 10: someone approves or reverses the financing; refusals (not financed) are ignored.
    mutating func settle(_ invoice: InvoiceID, with command: Invoice.Command) {
        guard let state = invoices[invoice], let events = try? Invoice.decide(command, state) else { return }
        invoices[invoice] = Invoice.replay(events, from: state)
        react(to: events)
    }

    /// Delivers the pending message at `index` (modulo how many wait), if any.
    mutating func deliver(at index: Int) {
        guard !pending.isEmpty else { return }
        handle(pending.remove(at: index % pending.count))
    }

    /// Delivers everything still pending, including what the deliveries cause.
    mutating func drain() {
        while !pending.isEmpty { handle(pending.removeFirst()) }
    }

    private mutating func handle(_ message: Message) {
        switch message {
        case .considerBid(let invoice, let bid):
            guard let state = invoices[invoice] else { return policyFailures.append("\(message): no invoice") }
            do {
                let events = try Invoice.decide(.considerBid(bid), state)
                invoices[invoice] = Invoice.replay(events, from: state)
                react(to: events)
            } catch {
                policyFailures.append("\(message): \(error)")
            }
        case .release(let investor, let amount):
            apply(.releaseFunds(amount), to: investor, for: message)
        case .commit(let investor, let amount):
            apply(.commitFunds(amount), to: investor, for: message)
        }
    }

    private mutating func apply(_ command: Investor.Command, to investor: InvestorID, for message: Message) {
        let state = investors[investor] ?? .initial
        do {
            investors[investor] = Investor.replay(try Investor.decide(command, state), from: state)
        } catch {
            policyFailures.append("\(message): \(error)")
        }
    }

    /// Rows 6, 7, 9 and 11: the investor-side policies on the invoice's events.
    private mutating func react(to events: [Invoice.Event]) {
        for event in events {
            switch event {
            case .created: break
            case .financed(let askingPrice, let bid):
                if let excess = bid.amount.subtracting(askingPrice), excess.isPositive {
                    pending.append(.release(bid.investor, excess))
                }
            case .bidRejected(let bid): pending.append(.release(bid.investor, bid.amount))
            case .approved(let askingPrice, let bid): pending.append(.commit(bid.investor, askingPrice))
            case .reversed(let askingPrice, let bid): pending.append(.release(bid.investor, askingPrice))
            }
        }
    }

    /// A canonical UUID whose last group is `n` in hex.
    private static func uuid(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex
    }
}
