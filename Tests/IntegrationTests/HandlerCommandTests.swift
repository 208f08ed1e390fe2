import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Handler
import Testing

@Suite("FinancingHandler: registrations and commands (SPEC §1 rows 1–4, 8, 10)")
struct HandlerCommandTests {
    @Test("InvestorRegistered creates the investor: InvestorCreated, then InvestorFundsAdded{balance}")
    func investorRegistered() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(name: "Ada", balance: cents(10_000))

            let stored = try await harness.events(of: investor)
            #expect(stored.map(\.type) == ["InvestorCreated", "InvestorFundsAdded"])
            #expect(stored.map(\.version) == [1, 2])
            #expect(stored.allSatisfy { $0.stream.aggregateType == "Investor" })
            #expect(try await harness.decoded(investor) == [.created(investor), .fundsAdded(cents(10_000))])
            #expect(
                try JSON.canonical(stored[1].payload)
                    == JSON.canonical(["investor_id": investor.description, "amount": 10_000]))
            // Personal data stays out of domain events.
            #expect(!stored.contains { String(decoding: $0.payload, as: UTF8.self).contains("Ada") })
            #expect(try await harness.parked().isEmpty)
        }
    }

    @Test("IssuerRegistered creates the issuer: IssuerCreated")
    func issuerRegistered() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let issuer = try await harness.registerIssuer(name: "ACME")
            let stored = try await harness.events(of: issuer)
            #expect(stored.map(\.type) == ["IssuerCreated"])
            #expect(try JSON.canonical(stored[0].payload) == JSON.canonical(["issuer_id": issuer.description]))
        }
    }

    @Test("a redelivered integration event (same message_id) changes nothing")
    func duplicateRegistration() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = InvestorID(UUID())
            let issuer = IssuerID(UUID())
            let investorMessage = Inbound.registration(.investorRegistered(investor, name: "Ada", balance: cents(500)))
            let issuerMessage = Inbound.registration(.issuerRegistered(issuer, name: "ACME"))
            try await harness.handle(investorMessage)
            try await harness.handle(issuerMessage)
            let before = try await database.allEvents()

            try await harness.handle(investorMessage)
            try await harness.handle(issuerMessage)
            // A second announcement under a new message id is refused by the aggregate: still nothing new.
            try await harness.registerInvestor(investor, balance: cents(99_999))

            #expect(try await database.allEvents() == before)
            #expect(try await harness.account(investor)?.balance == cents(500))
            #expect(try await harness.parked().isEmpty)
        }
    }

    @Test("SellInvoice of an existing issuer: InvoiceCreated, command SUCCEEDED")
    func sellInvoice() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let issuer = try await harness.registerIssuer()
            let invoice = InvoiceID(UUID())
            let command = FinancingCommand.sellInvoice(invoice: invoice, issuer: issuer, askingPrice: cents(7_500))
            let commandID = UUID()
            _ = try await database.commandLog.accept(Inbound.accepted(command, id: commandID))
            #expect(try await harness.outcome(commandID) == .pending)

            try await harness.handle(Inbound.command(command, id: commandID))

            #expect(try await harness.outcome(commandID) == .succeeded)
            let stored = try await harness.events(of: invoice)
            #expect(stored.map(\.type) == ["InvoiceCreated"])
            #expect(stored.first?.causationID == commandID)
            #expect(
                try JSON.canonical(stored[0].payload)
                    == JSON.canonical(
                        ["invoice_id": invoice.description, "issuer_id": issuer.description, "asking_price": 7_500]))
            #expect(try await harness.state(invoice).status == .available)
        }
    }

    @Test("SellInvoice of an unknown issuer is rejected and creates nothing")
    func sellInvoiceWithoutIssuer() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let issuer = IssuerID(UUID())
            let invoice = InvoiceID(UUID())
            let commandID = try await harness.send(
                .sellInvoice(invoice: invoice, issuer: issuer, askingPrice: cents(100)))

            #expect(try await harness.outcome(commandID) == .rejected(reason: "issuer \(issuer) not found"))
            #expect(try await harness.events(of: invoice).isEmpty)
            #expect(try await harness.eventCount() == 0)
            #expect(try await harness.parked().isEmpty)
        }
    }

    @Test("BidOnInvoice moves the bid from balance to reserved: BidOnInvoicePlaced")
    func bidOnInvoice() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(10_000))
            let invoice = try await harness.sellInvoice(
                issuer: try await harness.registerIssuer(), askingPrice: cents(3_000))

            let commandID = try await harness.send(
                .bidOnInvoice(investor: investor, invoice: invoice, bid: cents(3_500)))

            #expect(try await harness.outcome(commandID) == .succeeded)
            let stored = try await harness.events(of: investor)
            #expect(stored.map(\.type) == ["InvestorCreated", "InvestorFundsAdded", "BidOnInvoicePlaced"])
            #expect(
                try JSON.canonical(stored[2].payload)
                    == JSON.canonical(
                        ["investor_id": investor.description, "invoice_id": invoice.description, "bid_amount": 3_500]))
            let account = try #require(try await harness.account(investor))
            #expect(account.balance == cents(6_500))
            #expect(account.reserved == cents(3_500))
        }
    }

    @Test("BidOnInvoice on an unknown invoice is rejected and reserves nothing")
    func bidOnUnknownInvoice() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(10_000))
            let invoice = InvoiceID(UUID())

            let commandID = try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(100)))

            #expect(try await harness.outcome(commandID) == .rejected(reason: "invoice \(invoice) not found"))
            #expect(try await harness.events(of: investor).count == 2)
            let account = try #require(try await harness.account(investor))
            #expect(account.balance == cents(10_000))
            #expect(account.reserved == .zero)
        }
    }

    @Test("an invoice sold after a bid on it was rejected as unknown takes the next bid: a \"not found\" is not kept")
    func bidAfterInvoiceAppears() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(10_000))
            let issuer = try await harness.registerIssuer()
            let invoice = InvoiceID(UUID())

            let early = try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(100)))
            #expect(try await harness.outcome(early) == .rejected(reason: "invoice \(invoice) not found"))

            let sale = try await harness.send(.sellInvoice(invoice: invoice, issuer: issuer, askingPrice: cents(100)))
            #expect(try await harness.outcome(sale) == .succeeded)
            let first = try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(100)))
            #expect(try await harness.outcome(first) == .succeeded)
            // Answered from the handler's memory this time; the outcome must be the same.
            let second = try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(200)))
            #expect(try await harness.outcome(second) == .succeeded)
            #expect(harness.handler.knownStreams.contains(StreamID(aggregateType: "Invoice", id: invoice.uuid)))
            #expect(try await harness.account(investor)?.reserved == cents(300))
        }
    }

    @Test("BidOnInvoice above the balance is rejected with \"insufficient balance: available X, bid Y\"")
    func bidAboveBalance() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(10_000))
            let invoice = try await harness.sellInvoice(
                issuer: try await harness.registerIssuer(), askingPrice: cents(5_000))

            let commandID = try await harness.send(
                .bidOnInvoice(investor: investor, invoice: invoice, bid: cents(10_001)))

            #expect(
                try await harness.outcome(commandID)
                    == .rejected(reason: "insufficient balance: available 10000, bid 10001"))
            #expect(try await harness.events(of: investor).count == 2)
            #expect(try await harness.account(investor)?.reserved == .zero)
        }
    }

    @Test("BidOnInvoice by an unknown investor is rejected")
    func bidByUnknownInvestor() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let invoice = try await harness.sellInvoice(
                issuer: try await harness.registerIssuer(), askingPrice: cents(5_000))
            let investor = InvestorID(UUID())
            let commandID = try await harness.send(.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(1)))
            #expect(try await harness.outcome(commandID) == .rejected(reason: "investor not found"))
            #expect(try await harness.events(of: investor).isEmpty)
        }
    }

    @Test("a redelivered command (same message_id) has its effect once")
    func duplicateCommand() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let investor = try await harness.registerInvestor(balance: cents(10_000))
            let invoice = try await harness.sellInvoice(
                issuer: try await harness.registerIssuer(), askingPrice: cents(5_000))
            let command = FinancingCommand.bidOnInvoice(investor: investor, invoice: invoice, bid: cents(1_000))
            let commandID = try await harness.send(command)

            try await harness.handle(Inbound.command(command, id: commandID))
            try await harness.handle(Inbound.command(command, id: commandID))

            #expect(try await harness.outcome(commandID) == .succeeded)
            #expect(try await harness.events(of: investor).map(\.type).filter { $0 == "BidOnInvoicePlaced" }.count == 1)
            #expect(try await harness.account(investor)?.reserved == cents(1_000))
        }
    }

    @Test("ApproveFinancing or ReverseFinancing of an invoice that is not FINANCED is rejected")
    func approveOrReverseNotFinanced() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let invoice = try await harness.sellInvoice(
                issuer: try await harness.registerIssuer(), askingPrice: cents(5_000))
            let unknown = InvoiceID(UUID())

            let approve = try await harness.send(.approveFinancing(invoice: invoice))
            let reverse = try await harness.send(.reverseFinancing(invoice: invoice))
            let approveUnknown = try await harness.send(.approveFinancing(invoice: unknown))

            #expect(
                try await harness.outcome(approve) == .rejected(reason: "invoice \(invoice) is AVAILABLE, not FINANCED")
            )
            #expect(
                try await harness.outcome(reverse) == .rejected(reason: "invoice \(invoice) is AVAILABLE, not FINANCED")
            )
            #expect(try await harness.outcome(approveUnknown) == .rejected(reason: "invoice not found"))
            #expect(try await harness.events(of: invoice).count == 1)
            #expect(try await harness.events(of: unknown).isEmpty)
        }
    }
}
