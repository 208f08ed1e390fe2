import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import PostgresReadModels
import Projections
import Testing

@Suite("Projector with PostgresReadModelStore")
struct ProjectorTests {
    /// Everything the read models show, for comparing whole states.
    struct Snapshot: Equatable {
        let investors: [InvestorView]
        let issuers: [IssuerView]
        let invoices: [InvoiceView]

        static func of(_ store: PostgresReadModelStore) async throws -> Snapshot {
            Snapshot(
                investors: try await store.investors(after: nil, limit: 1_000).items,
                issuers: try await store.issuers(after: nil, limit: 1_000).items,
                invoices: try await store.invoices(status: nil, after: nil, limit: 1_000).items)
        }
    }

    /// A full run of the saga: three investors, two issuers, three invoices that end APPROVED,
    /// REVERSED and FINANCED, with rejected bids along the way.
    struct Scenario {
        let ada: InvestorID
        let bob: InvestorID
        let cy: InvestorID
        let acme: IssuerID
        let globex: IssuerID
        let approved: InvoiceID
        let reversed: InvoiceID
        let financed: InvoiceID
        /// The integration events, as Registering published them.
        let registrations: [IncomingMessage]

        static func run(_ harness: HandlerHarness) async throws -> Scenario {
            let ada = InvestorID(UUID())
            let bob = InvestorID(UUID())
            let cy = InvestorID(UUID())
            let acme = IssuerID(UUID())
            let globex = IssuerID(UUID())
            let registrations = [
                Inbound.registration(.investorRegistered(ada, name: "Ada", balance: cents(10_000))),
                Inbound.registration(.investorRegistered(bob, name: "Bob", balance: cents(5_000))),
                Inbound.registration(.investorRegistered(cy, name: "Cy", balance: cents(8_000))),
                Inbound.registration(.issuerRegistered(acme, name: "ACME")),
                Inbound.registration(.issuerRegistered(globex, name: "Globex")),
            ]
            for registration in registrations { try await harness.handle(registration) }
            let approved = try await harness.sellInvoice(issuer: acme, askingPrice: cents(3_000))
            let reversed = try await harness.sellInvoice(issuer: globex, askingPrice: cents(4_000))
            let financed = try await harness.sellInvoice(issuer: acme, askingPrice: cents(2_000))
            try await harness.runPolicies()

            try await harness.send(.bidOnInvoice(investor: ada, invoice: approved, bid: cents(3_500)))
            try await harness.send(.bidOnInvoice(investor: bob, invoice: reversed, bid: cents(3_000)))
            try await harness.send(.bidOnInvoice(investor: cy, invoice: financed, bid: cents(2_500)))
            try await harness.runPolicies()
            try await harness.send(.bidOnInvoice(investor: cy, invoice: reversed, bid: cents(4_000)))
            try await harness.send(.bidOnInvoice(investor: bob, invoice: financed, bid: cents(2_000)))
            try await harness.runPolicies()
            try await harness.send(.approveFinancing(invoice: approved))
            try await harness.send(.reverseFinancing(invoice: reversed))
            try await harness.runPolicies()
            #expect(try await harness.parked().isEmpty)
            return Scenario(
                ada: ada, bob: bob, cy: cy, acme: acme, globex: globex, approved: approved, reversed: reversed,
                financed: financed, registrations: registrations)
        }

        var expectedInvestors: [InvestorView] {
            [
                InvestorView(id: ada, name: "Ada", balance: cents(7_000), reserved: .zero, committed: cents(3_000)),
                InvestorView(id: bob, name: "Bob", balance: cents(5_000), reserved: .zero, committed: .zero),
                InvestorView(id: cy, name: "Cy", balance: cents(6_000), reserved: cents(2_000), committed: .zero),
            ].sorted { $0.id.description < $1.id.description }
        }

        var expectedIssuers: [IssuerView] {
            [IssuerView(id: acme, name: "ACME"), IssuerView(id: globex, name: "Globex")]
                .sorted { $0.id.description < $1.id.description }
        }

        var expectedInvoices: [InvoiceView] {
            [
                InvoiceView(
                    id: approved, issuer: acme, askingPrice: cents(3_000), status: .approved,
                    winningBid: Bid(investor: ada, amount: cents(3_500))),
                InvoiceView(
                    id: reversed, issuer: globex, askingPrice: cents(4_000), status: .reversed,
                    winningBid: Bid(investor: cy, amount: cents(4_000))),
                InvoiceView(
                    id: financed, issuer: acme, askingPrice: cents(2_000), status: .financed,
                    winningBid: Bid(investor: cy, amount: cents(2_500))),
            ].sorted { $0.id.description < $1.id.description }
        }
    }

    @Test("projecting a full scenario gives the expected read models, with names whatever their order")
    func fullScenario() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let scenario = try await Scenario.run(harness)
            let projector = Projector(store: database.readModels, logger: TestLogging.logger("projector"))

            // Some names arrive before their aggregate's events, the others after.
            for registration in scenario.registrations.prefix(2) { try await projector.project(registration) }
            for event in try await database.allEvents() { try await projector.project([event]) }
            for registration in scenario.registrations.dropFirst(2) { try await projector.project(registration) }

            let snapshot = try await Snapshot.of(database.readModels)
            #expect(snapshot.investors == scenario.expectedInvestors)
            #expect(snapshot.issuers == scenario.expectedIssuers)
            #expect(snapshot.invoices == scenario.expectedInvoices)
            // The read side agrees with the write side.
            for view in snapshot.investors {
                let account = try #require(try await harness.account(view.id))
                #expect(
                    [view.balance, view.reserved, view.committed] == [
                        account.balance, account.reserved, account.committed,
                    ])
            }
            #expect(
                try await database.readModels.investor(scenario.cy)
                    == scenario.expectedInvestors.first { $0.id == scenario.cy })
            #expect(try await database.readModels.invoice(scenario.approved)?.status == .approved)
            #expect(try await database.readModels.investor(InvestorID(UUID())) == nil)
            #expect(try await database.readModels.invoice(InvoiceID(UUID())) == nil)
            let financedOnly = try await database.readModels.invoices(status: .financed, after: nil, limit: 10).items
            #expect(financedOnly.map(\.id) == [scenario.financed])
        }
    }

    @Test("applying every event and registration a second time (redelivery) changes nothing")
    func redeliveryChangesNothing() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let scenario = try await Scenario.run(harness)
            let projector = Projector(store: database.readModels, logger: TestLogging.logger("projector"))
            let events = try await database.allEvents()
            for registration in scenario.registrations { try await projector.project(registration) }
            for event in events { try await projector.project([event]) }
            let once = try await Snapshot.of(database.readModels)

            for event in events { try await projector.project([event]) }
            for registration in scenario.registrations { try await projector.project(registration) }
            // And each event again right after itself, as a consumer restarting mid-batch would see it.
            for event in events.prefix(10) {
                try await projector.project([event])
                try await projector.project([event])
            }

            #expect(try await Snapshot.of(database.readModels) == once)
            #expect(once.investors == scenario.expectedInvestors)
        }
    }

    @Test("resetProjections, then re-applying everything from the event store, gives identical rows")
    func rebuildByHand() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let scenario = try await Scenario.run(harness)
            let readModels = database.readModels
            let projector = Projector(store: readModels, logger: TestLogging.logger("projector"))
            for registration in scenario.registrations { try await projector.project(registration) }
            for event in try await database.allEvents() { try await projector.project([event]) }
            let live = try await Snapshot.of(readModels)

            try await readModels.resetProjections()
            #expect(try await Snapshot.of(readModels) == Snapshot(investors: [], issuers: [], invoices: []))
            try await projector.project(try await database.store.events(after: 0, limit: 10_000))

            #expect(try await Snapshot.of(readModels) == live)
        }
    }

    @Test("ProjectionRebuild (reset, then replay the store in batches) gives the rows the live projector built")
    func rebuild() async throws {
        try await TestDatabase.with { database in
            let harness = HandlerHarness(database)
            let scenario = try await Scenario.run(harness)
            let readModels = database.readModels
            let projector = Projector(store: readModels, logger: TestLogging.logger("projector"))
            for registration in scenario.registrations { try await projector.project(registration) }
            for event in try await database.allEvents() { try await projector.project([event]) }
            let live = try await Snapshot.of(readModels)

            try await readModels.resetProjections()
            #expect(try await Snapshot.of(readModels) == Snapshot(investors: [], issuers: [], invoices: []))
            // The rebuild reads the store, not the bus (in small batches here); names are kept across it.
            let replayed = try await ProjectionRebuild(
                events: database.store, store: readModels, batchSize: 7, logger: TestLogging.logger("rebuild")
            ).run()
            #expect(replayed == (try await database.allEvents()).count)

            let rebuilt = try await Snapshot.of(readModels)
            #expect(rebuilt == live)
            #expect(rebuilt.investors == scenario.expectedInvestors)
            #expect(rebuilt.invoices == scenario.expectedInvoices)
        }
    }

    @Test("pagination walks every row once, in id order, for investors, issuers and invoices by status")
    func pagination() async throws {
        try await TestDatabase.with { database in
            let store = database.readModels
            let investors = (0..<23).map { _ in InvestorID(UUID()) }
            let issuer = IssuerID(UUID())
            let invoices = (0..<11).map { _ in InvoiceID(UUID()) }
            var changes: [ReadModelChange] = []
            for (index, id) in investors.enumerated() {
                changes.append(.domainEvent(.investor(id, .created(id)), version: 1))
                changes.append(.domainEvent(.investor(id, .fundsAdded(cents(Int64(index + 1)))), version: 2))
                changes.append(
                    .registration(.investorRegistered(id, name: "Investor \(index)", balance: cents(Int64(index + 1)))))
            }
            changes.append(.domainEvent(.issuer(issuer, .created(issuer)), version: 1))
            for (index, id) in invoices.enumerated() {
                let listing = Invoice.Listing(id: id, issuer: issuer, askingPrice: cents(100))
                changes.append(.domainEvent(.invoice(id, .created(listing)), version: 1))
                if index % 2 == 0 {
                    let bid = Bid(investor: investors[index], amount: cents(100))
                    changes.append(.domainEvent(.invoice(id, .financed(askingPrice: cents(100), bid: bid)), version: 2))
                }
            }
            try await store.apply(changes)

            var walked: [InvestorView] = []
            var pageSizes: [Int] = []
            var after: String?
            repeat {
                let page = try await store.investors(after: after, limit: 5)
                walked += page.items
                pageSizes.append(page.items.count)
                after = page.nextAfter
                try #require(pageSizes.count <= 10, "pagination does not end")
            } while after != nil
            #expect(pageSizes == [5, 5, 5, 5, 3])
            #expect(walked.map(\.id) == investors.sorted { $0.description < $1.description })
            #expect(Set(walked.map(\.id)).count == 23)
            #expect(walked.allSatisfy { $0.name.hasPrefix("Investor ") && $0.balance.isPositive })

            // Exactly one page's worth: no empty page after it.
            let exact = try await store.investors(after: nil, limit: 23)
            #expect(exact.items.count == 23)
            #expect(exact.nextAfter == nil)

            var financed: [InvoiceView] = []
            after = nil
            repeat {
                let page = try await store.invoices(status: .financed, after: after, limit: 2)
                financed += page.items
                after = page.nextAfter
                try #require(financed.count <= 20, "pagination does not end")
            } while after != nil
            let expectedFinanced = invoices.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            #expect(financed.map(\.id) == expectedFinanced.sorted { $0.description < $1.description })
            #expect(financed.allSatisfy { $0.status == .financed && $0.winningBid != nil })
            let available = try await store.invoices(status: .available, after: nil, limit: 100)
            #expect(available.items.count == 5)
            #expect(available.nextAfter == nil)

            let issuers = try await store.issuers(after: nil, limit: 1)
            #expect(issuers.items.map(\.id) == [issuer])
            #expect(issuers.nextAfter == nil)
        }
    }
}
