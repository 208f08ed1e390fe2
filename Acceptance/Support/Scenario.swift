import FinancingAPI
import Testing

/// Everything one acceptance test works with: the gRPC clients, its own event subscription and a
/// way to register its own investors and issuers.
struct Scenario: Sendable {
    let stack: Stack
    let events: EventRecorder
    let registrar: Registrar
}

/// Runs `body` with a fresh scenario and tears it down afterwards, whether or not it threw.
func withScenario<Result: Sendable>(_ body: (Scenario) async throws -> Result) async throws -> Result {
    let events = try EventRecorder.start()
    let registrar: Registrar
    do {
        registrar = try Registrar()
    } catch {
        await events.stop()
        throw error
    }
    let result: Swift.Result<Result, any Error>
    do {
        result = .success(
            try await withStack { stack in try await body(Scenario(stack: stack, events: events, registrar: registrar))
            })
    } catch {
        result = .failure(error)
    }
    await events.stop()
    await registrar.shutdown()
    return try result.get()
}

// MARK: Givens

extension Scenario {
    /// An investor that exists in the event store (its registration events were relayed).
    func givenInvestor(balance: Int64 = 10_000) async throws -> String {
        let investor = try await registrar.registerInvestor(balance: balance).id
        try await events.waitForEvents(
            of: investor, count: ExpectedEvent.registered(investor: investor, balance: balance).count)
        return investor
    }

    /// An issuer that exists in the event store.
    func givenIssuer() async throws -> String {
        let issuer = try await registrar.registerIssuer().id
        try await events.waitForEvents(of: issuer, count: 1)
        return issuer
    }

    /// An AVAILABLE invoice of a fresh issuer, put on sale through the API.
    func givenInvoice(askingPrice: Int64) async throws -> GivenInvoice {
        let issuer = try await givenIssuer()
        let sale = try await stack.sellInvoice(issuer: issuer, askingPrice: askingPrice)
        let outcome = try await stack.outcome(of: sale.commandID)
        try #require(outcome.state == .succeeded, "selling the given invoice: \(outcome.reason)")
        return GivenInvoice(id: sale.invoiceID, issuer: issuer, askingPrice: askingPrice)
    }

    /// An invoice FINANCED by `investor`'s bid.
    func givenFinancedInvoice(askingPrice: Int64, investor: String, bid: Int64) async throws -> GivenInvoice {
        let invoice = try await givenInvoice(askingPrice: askingPrice)
        let outcome = try await stack.outcome(
            of: try await stack.bid(investor: investor, invoice: invoice.id, amount: bid))
        try #require(outcome.state == .succeeded, "the given bid: \(outcome.reason)")
        try await events.waitForEvents(of: invoice.id, count: 2)
        try #require(events.events(of: invoice.id).last?.type == "InvoiceFinanced", "the given bid did not finance")
        return invoice
    }
}

/// An invoice a test put on sale.
struct GivenInvoice: Sendable {
    let id: String
    let issuer: String
    let askingPrice: Int64

    /// Its `InvoiceCreated`.
    var created: ExpectedEvent { .invoiceCreated(id, issuer: issuer, askingPrice: askingPrice) }
}
