import EventSourcing
import FinancingAPI
import FinancingDomain
import FinancingMessages
import Foundation
import GRPCCore
import Testing

/// SPEC §1 rows 1–2: Registering announces investors and issuers; the read models take names from there.
@Suite("Registration", .timeLimit(.minutes(3)))
struct RegistrationTests {
    @Test(
        "Given populate registered 5 issuers and 5 investors, when listing all pages, then each is there with its name and 10000 to spend"
    )
    func populateRegistersInvestorsAndIssuers() async throws {
        try await withScenario { scenario in
            let population = try await populate()
            try #require(population.investors.count == 5, "populate printed \(population.investors.count) investors")
            try #require(population.issuers.count == 5, "populate printed \(population.issuers.count) issuers")

            let investors = try await settled({ try await allInvestors(scenario.stack) }) { listed in
                population.investors.allSatisfy { listed[$0].map(Funds.init) == Funds(balance: 10_000) }
            }
            for id in population.investors {
                let investor = try #require(investors[id], "investor \(id) is not listed by AllInvestors")
                #expect(Funds(investor) == Funds(balance: 10_000), "investor \(id)")
                #expect(!investor.name.isEmpty, "investor \(id) has no name")
                // The token printed beside the id is the investor's own: it reads itself, not the others.
                let token = try #require(population.tokens[id], "populate printed no token for \(id)")
                var own = Financing_V1_GetInvestorRequest()
                own.investorID = id
                #expect(try await scenario.stack.queries.getInvestor(own, metadata: .bearer(token)) == investor)
                var other = own
                other.investorID = population.investors.first { $0 != id } ?? freshID()
                #expect(
                    await rpcErrorCode {
                        _ = try await scenario.stack.queries.getInvestor(other, metadata: .bearer(token))
                    }
                        == .permissionDenied)
            }
            let issuers = try await settled({ try await allIssuers(scenario.stack) }) { listed in
                population.issuers.allSatisfy { listed[$0] != nil }
            }
            for id in population.issuers {
                let issuer = try #require(issuers[id], "issuer \(id) is not listed by AllIssuers")
                #expect(!issuer.name.isEmpty, "issuer \(id) has no name")
                #expect(population.tokens[id] != nil, "populate printed no token for \(id)")
            }
            await scenario.events.expectStreams(
                population.investors.map { ($0, ExpectedEvent.registered(investor: $0, balance: 10_000)) }
                    + population.issuers.map { ($0, [.issuerCreated($0)]) })
        }
    }

    @Test(
        "Given Registering announces an investor, when the announcement is delivered twice, then the investor is created once with its name"
    )
    func redeliveredRegistrationHasItsEffectOnce() async throws {
        try await withScenario { scenario in
            let id = freshID()
            let name = "Redelivered investor \(id.prefix(8))"
            let announcement = IntegrationEvent.investorRegistered(
                InvestorID(id)!, name: name, balance: Money(minorUnits: 2_500))
            let messageID = UUID()
            try await scenario.registrar.publish(announcement, messageID: messageID)
            try await scenario.registrar.publish(announcement, messageID: messageID)

            await scenario.events.expectStreams([(id, ExpectedEvent.registered(investor: id, balance: 2_500))])
            let investor = try await settled({ try await scenario.stack.investor(id) }) { $0.name == name }
            #expect(investor.name == name)
            #expect(Funds(investor) == Funds(balance: 2_500))
        }
    }

    @Test("Given a registered investor, when Registering announces the same investor again, then nothing changes")
    func secondRegistrationChangesNothing() async throws {
        try await withScenario { scenario in
            let id = try await scenario.givenInvestor(balance: 4_000)
            try await scenario.registrar.publish(
                .investorRegistered(InvestorID(id)!, name: "Impostor", balance: Money(minorUnits: 9_999)))

            await scenario.events.expectStreams([(id, ExpectedEvent.registered(investor: id, balance: 4_000))])
            #expect(try await scenario.stack.settledFunds(of: id, Funds(balance: 4_000)) == Funds(balance: 4_000))
        }
    }

    @Test(
        "Given Registering announces an issuer with a traceparent, when it is created, then IssuerCreated carries the traceparent"
    )
    func traceparentIsPropagated() async throws {
        try await withScenario { scenario in
            let id = freshID()
            let traceparent =
                "00-\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))-00f067aa0ba902b7-01"
            try await scenario.registrar.publish(
                .issuerRegistered(IssuerID(id)!, name: "Traced issuer"),
                extraHeaders: [MessageHeader(MessageHeader.traceparent, traceparent)])

            await scenario.events.expectStreams([(id, [.issuerCreated(id)])])
            #expect(scenario.events.events(of: id).map { $0.headers["traceparent"] } == [traceparent])
        }
    }

    @Test(
        "Given a malformed InvestorRegistered, when it is delivered, then it goes to registering.events.dlq with an error and creates nothing"
    )
    func malformedRegistrationIsDeadLettered() async throws {
        try await withScenario { scenario in
            let deadLetters = try EventRecorder.start(topic: Topic.deadLetter(of: Topic.registering))
            let id = freshID()
            try await scenario.registrar.publishRaw(
                topic: Topic.registering, key: id, value: #"{"investor_id":"\#(id)"}"#,
                headers: [("message_type", "InvestorRegistered"), ("message_id", freshID()), ("schema_version", "1")])

            let parked = try await deadLetters.waitForEvents(of: id, count: 1)
            await deadLetters.stop()
            #expect(parked.count == 1)
            #expect(parked.first?.headers["message_type"] == "InvestorRegistered")
            #expect(parked.first?.headers["error"]?.isEmpty == false, "the dead letter has no error header: \(parked)")
            await scenario.events.expectStreams([(id, [])])
        }
    }
}

/// Every investor listed by AllInvestors (default page size, all pages), by id.
private func allInvestors(_ stack: Stack) async throws -> [String: Financing_V1_Investor] {
    let pages = try await stack.walk { try await stack.investorsPage(size: 0, token: $0) }
    return Dictionary(pages.flatMap(\.items).map { ($0.investorID, $0) }, uniquingKeysWith: { first, _ in first })
}

/// Every issuer listed by AllIssuers (default page size, all pages), by id.
private func allIssuers(_ stack: Stack) async throws -> [String: Financing_V1_Issuer] {
    let pages = try await stack.walk { try await stack.issuersPage(size: 0, token: $0) }
    return Dictionary(pages.flatMap(\.items).map { ($0.issuerID, $0) }, uniquingKeysWith: { first, _ in first })
}
