import FinancingDomain

/// The choreography of SPEC §1 rows 4–11 run in memory, with the saga the handler runs
/// (`FinancingSaga`): several investors bid on several invoices; each reaction waits in `pending` and
/// may be delivered in any order, as when the invoice's and the investors' streams are followed apart.
struct SagaSimulation {
    /// A reaction not yet handled by its target aggregate.
    typealias Message = FinancingSaga.Reaction

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
        pending += events.compactMap { FinancingSaga.react(to: $0, of: investor) }
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
        case .invoice(let invoice, let command):
            guard let state = invoices[invoice] else { return policyFailures.append("\(message): no invoice") }
            do {
                let events = try Invoice.decide(command, state)
                invoices[invoice] = Invoice.replay(events, from: state)
                react(to: events)
            } catch {
                policyFailures.append("\(message): \(error)")
            }
        case .investor(let investor, let command):
            let state = investors[investor] ?? .initial
            do {
                investors[investor] = Investor.replay(try Investor.decide(command, state), from: state)
            } catch {
                policyFailures.append("\(message): \(error)")
            }
        }
    }

    private mutating func react(to events: [Invoice.Event]) {
        pending += events.compactMap(FinancingSaga.react(to:))
    }

    /// A canonical UUID whose last group is `n` in hex.
    private static func uuid(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex
    }
}
