import FinancingDomain
import Testing

/// GetCommandStatus shows a failure's text to people (SPEC §3: "reason says which rule").
@Suite("Failure descriptions")
struct FailureDescriptionTests {
    @Test(
        "investor failures say which rule",
        arguments: [
            (
                Investor.Failure.insufficientBalance(available: .cents(500), bid: .cents(1000)),
                "insufficient balance: available 500, bid 1000"
            ),
            (.notFound, "investor not found"),
            (.alreadyRegistered(Fixtures.alice), "investor a11ce000-0000-4000-8000-000000000001 is already registered"),
            (.invoiceNotFound(Fixtures.invoice), "invoice 1a701ce0-0000-4000-8000-0000000000f1 not found"),
            (.amountNotPositive(.cents(-5)), "amount must be positive, got -5"),
            (.negativeOpeningBalance(.cents(-5)), "opening balance must not be negative, got -5"),
            (
                .insufficientReserved(reserved: .cents(600), requested: .cents(601)),
                "insufficient reserved funds: reserved 600, requested 601"
            ),
            (.fundsOverflow, "funds would exceed the largest representable amount"),
        ])
    func investorFailuresSayWhichRule(failure: Investor.Failure, text: String) {
        #expect(failure.description == text)
    }

    @Test(
        "invoice failures say which rule",
        arguments: [
            (
                Invoice.Failure.notFinanced(Fixtures.invoice, .available),
                "invoice 1a701ce0-0000-4000-8000-0000000000f1 is AVAILABLE, not FINANCED"
            ),
            (
                .notFinanced(Fixtures.invoice, .approved),
                "invoice 1a701ce0-0000-4000-8000-0000000000f1 is APPROVED, not FINANCED"
            ),
            (
                .notFinanced(Fixtures.invoice, .reversed),
                "invoice 1a701ce0-0000-4000-8000-0000000000f1 is REVERSED, not FINANCED"
            ),
            (.issuerNotFound(Fixtures.acme), "issuer acbe0000-0000-4000-8000-00000000000a not found"),
            (.notFound, "invoice not found"),
            (.alreadyExists(Fixtures.invoice), "invoice 1a701ce0-0000-4000-8000-0000000000f1 already exists"),
            (.askingPriceNotPositive(.zero), "asking price must be positive, got 0"),
        ])
    func invoiceFailuresSayWhichRule(failure: Invoice.Failure, text: String) {
        #expect(failure.description == text)
    }

    @Test("issuer failures say which rule")
    func issuerFailuresSayWhichRule() {
        #expect(
            Issuer.Failure.alreadyRegistered(Fixtures.acme).description
                == "issuer acbe0000-0000-4000-8000-00000000000a is already registered")
    }

    @Test("a refusal from the domain prints the same text through string interpolation")
    func aRefusalPrintsTheSameTextThroughInterpolation() {
        let failure = Investor.Failure.insufficientBalance(available: .cents(500), bid: .cents(1000))
        #expect("\(failure)" == "insufficient balance: available 500, bid 1000")
    }
}
