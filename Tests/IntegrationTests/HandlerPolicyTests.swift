import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Testing

/// The saga of SPEC §1 rows 5, 6, 7, 9 and 11: commands go through the handler, and the events it
/// stored are fed back to it, as `financing.events` would deliver them.
@Suite("FinancingHandler: policies fed with the stored events")
struct HandlerPolicyTests {
    /// An issuer, an invoice at `askingPrice` and an investor with `funds`.
    private static func market(
        _ harness: HandlerHarness, askingPrice: Money, funds: Money = cents(10_000)
    ) async throws -> (investor: InvestorID, invoice: InvoiceID) {
        let investor = try await harness.registerInvestor(balance: funds)
        let invoice = try await harness.sellInvoice(
            issuer: try await harness.registerIssuer(), askingPrice: askingPrice)
        try await harness.runPolicies()
        return (investor, invoice)
    }

    @Test("a bid above the asking price finances the invoice and releases the excess (rows 5, 6)")
    func bidAboveAskingPrice() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness, askingPrice: cents(3_000))
            try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(3_500)))

            let fed = try await harness.runPolicies()

            #expect(fed.map(\.type) == ["BidOnInvoicePlaced", "InvoiceFinanced", "InvestorFundsReleased"])
            let bid = Bid(investor: investor, amount: cents(3_500))
            #expect(try await harness.decoded(invoice).last == .financed(askingPrice: cents(3_000), bid: bid))
            let financed = try #require(try await harness.events(of: invoice).last)
            #expect(
                try JSON.canonical(financed.payload)
                    == JSON.canonical([
                        "invoice_id": invoice.description, "asking_price": 3_000,
                        "bid": ["investor_id": investor.description, "amount": 3_500],
                    ]))
            #expect(
                try await harness.decoded(investor).suffix(2) == [
                    .bidOnInvoicePlaced(invoice: invoice, amount: cents(3_500)), .fundsReleased(cents(500)),
                ])
            let account = try #require(try await harness.account(investor))
            #expect(account.balance == cents(7_000))
            #expect(account.reserved == cents(3_000))
            let state = try await harness.state(invoice)
            #expect(state.status == .financed)
            #expect(state.winningBid == bid)
            #expect(try await harness.parked().isEmpty)
        }
    }

    @Test("a bid equal to the asking price finances the invoice and releases nothing")
    func bidAtAskingPrice() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness, askingPrice: cents(3_000))
            try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(3_000)))

            let fed = try await harness.runPolicies()

            #expect(fed.map(\.type) == ["BidOnInvoicePlaced", "InvoiceFinanced"])
            let account = try #require(try await harness.account(investor))
            #expect(account.balance == cents(7_000))
            #expect(account.reserved == cents(3_000))
        }
    }

    @Test("a bid below the asking price is rejected and all of it released (rows 5, 7)")
    func bidBelowAskingPrice() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness, askingPrice: cents(3_000))
            let commandID = try await harness.send(
                .bidOnInvoice(investor: investor, invoice: invoice, bid: cents(2_000)))

            let fed = try await harness.runPolicies()

            // The bid itself was accepted: the refusal is a business outcome of the invoice.
            #expect(try await harness.outcome(commandID) == .succeeded)
            #expect(fed.map(\.type) == ["BidOnInvoicePlaced", "BidOnInvoiceRejected", "InvestorFundsReleased"])
            #expect(
                try await harness.decoded(invoice).last == .bidRejected(Bid(investor: investor, amount: cents(2_000))))
            #expect(try await harness.state(invoice).status == .available)
            let account = try #require(try await harness.account(investor))
            #expect(account.balance == cents(10_000))
            #expect(account.reserved == .zero)
        }
    }

    @Test("a bid on an invoice financed by someone else is rejected and released; the winner stays")
    func bidAfterFinanced() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (winner, invoice) = try await Self.market(harness, askingPrice: cents(3_000))
            let loser = try await harness.registerInvestor(balance: cents(5_000))
            try await harness.send(.bidOnInvoice(investor: winner, invoice: invoice, bid: cents(3_000)))
            try await harness.runPolicies()

            try await harness.send(.bidOnInvoice(investor: loser, invoice: invoice, bid: cents(4_000)))
            let fed = try await harness.runPolicies()

            #expect(fed.map(\.type) == ["BidOnInvoicePlaced", "BidOnInvoiceRejected", "InvestorFundsReleased"])
            #expect(try await harness.state(invoice).winningBid == Bid(investor: winner, amount: cents(3_000)))
            #expect(try await harness.account(loser)?.balance == cents(5_000))
            #expect(try await harness.account(loser)?.reserved == .zero)
            #expect(try await harness.account(winner)?.reserved == cents(3_000))
        }
    }

    @Test("ApproveFinancing: InvoiceApproved, then the asking price is committed (rows 8, 9)")
    func approve() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness, askingPrice: cents(3_000))
            try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(3_200)))
            try await harness.runPolicies()

            let commandID = try await harness.send(.approveFinancing(invoice: invoice))
            let fed = try await harness.runPolicies()

            #expect(try await harness.outcome(commandID) == .succeeded)
            #expect(fed.map(\.type) == ["InvoiceApproved", "InvestorFundsCommitted"])
            let bid = Bid(investor: investor, amount: cents(3_200))
            #expect(try await harness.decoded(invoice).last == .approved(askingPrice: cents(3_000), bid: bid))
            #expect(try await harness.decoded(investor).last == .fundsCommitted(cents(3_000)))
            let account = try #require(try await harness.account(investor))
            #expect(account.balance == cents(7_000))
            #expect(account.reserved == .zero)
            #expect(account.committed == cents(3_000))
            #expect(try await harness.state(invoice).status == .approved)

            let again = try await harness.send(.reverseFinancing(invoice: invoice))
            #expect(
                try await harness.outcome(again) == .rejected(reason: "invoice \(invoice) is APPROVED, not FINANCED"))
        }
    }

    @Test("ReverseFinancing: InvoiceReversed, then the asking price goes back to the balance (rows 10, 11)")
    func reverse() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness, askingPrice: cents(3_000))
            try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(3_200)))
            try await harness.runPolicies()

            let commandID = try await harness.send(.reverseFinancing(invoice: invoice))
            let fed = try await harness.runPolicies()

            #expect(try await harness.outcome(commandID) == .succeeded)
            #expect(fed.map(\.type) == ["InvoiceReversed", "InvestorFundsReleased"])
            #expect(try await harness.decoded(investor).last == .fundsReleased(cents(3_000)))
            let account = try #require(try await harness.account(investor))
            #expect(account.balance == cents(10_000))
            #expect(account.reserved == .zero)
            #expect(account.committed == .zero)
            #expect(try await harness.state(invoice).status == .reversed)

            let again = try await harness.send(.approveFinancing(invoice: invoice))
            #expect(
                try await harness.outcome(again) == .rejected(reason: "invoice \(invoice) is REVERSED, not FINANCED"))
        }
    }

    @Test("a domain event read twice (same event id) has its policy effect once")
    func redeliveredEvent() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness, askingPrice: cents(3_000))
            try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(4_000)))
            let placed = try #require(try await harness.events(of: investor).last)
            #expect(placed.type == "BidOnInvoicePlaced")

            try await harness.react(to: [placed])
            try await harness.react(to: [placed])
            #expect(try await harness.events(of: invoice).map(\.type) == ["InvoiceCreated", "InvoiceFinanced"])

            let financed = try #require(try await harness.events(of: invoice).last)
            try await harness.react(to: [financed])
            try await harness.react(to: [financed])
            try await harness.react(to: [placed])
            #expect(try await harness.decoded(investor).filter { $0 == .fundsReleased(cents(1_000)) }.count == 1)
            let account = try #require(try await harness.account(investor))
            #expect(account.balance == cents(7_000))
            #expect(account.reserved == cents(3_000))
            #expect(try await harness.parked().isEmpty)
        }
    }

    @Test("events that need no policy (registrations, InvoiceCreated, releases) change nothing")
    func eventsWithoutPolicy() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness, askingPrice: cents(3_000))
            try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(1_000)))
            try await harness.runPolicies()
            let before = try await database.allEvents()

            for event in before
            where !["BidOnInvoicePlaced", "InvoiceFinanced", "BidOnInvoiceRejected"].contains(event.type) {
                try await harness.react(to: [event])
            }

            #expect(try await database.allEvents() == before)
            #expect(try await harness.parked().isEmpty)
        }
    }

    @Test("the traceparent of a command is carried to its events and to what the policies cause")
    func traceparentPropagates() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let (investor, invoice) = try await Self.market(harness, askingPrice: cents(3_000))
            let trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
            let command = FinancingCommand.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(3_100))

            let id = UUID()
            _ = try await database.commandLog.accept(Inbound.accepted(command, id: id))
            try await harness.handle(Inbound.command(command, id: id, traceparent: trace))
            let fed = try await harness.runPolicies()

            #expect(fed.map(\.type) == ["BidOnInvoicePlaced", "InvoiceFinanced", "InvestorFundsReleased"])
            #expect(fed.allSatisfy { $0.traceparent == trace })
            let published = fed.map(OutgoingMessage.event)
            #expect(published.allSatisfy { $0.header(MessageHeader.traceparent) == trace })
        }
    }
}
