import FinancingDomain
import Testing

/// Ids are canonical UUID strings on the wire (SPEC §3): parsed case-insensitively, printed lower-case.
@Suite("Identifier")
struct IdentifierTests {
    @Test(
        "a canonical UUID parses whatever its case",
        arguments: [
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
            "3F2504e0-4f89-11D3-9a0C-0305e82C3301",
        ])
    func aCanonicalUUIDParsesWhateverItsCase(text: String) throws {
        let id = try #require(InvoiceID(text))
        #expect(id == InvoiceID("3f2504e0-4f89-11d3-9a0c-0305e82c3301"))
    }

    @Test("an id prints lower-case canonical text")
    func anIdPrintsLowerCaseCanonicalText() throws {
        let id = try #require(InvestorID("3F2504E0-4F89-11D3-9A0C-0305E82C3301"))
        #expect(id.description == "3f2504e0-4f89-11d3-9a0c-0305e82c3301")
        #expect("\(id)" == "3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    }

    @Test("printing then parsing gives the same id back")
    func printingThenParsingRoundTrips() throws {
        for text in [
            "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
            "a11ce000-0000-4000-8000-000000000001",
        ] {
            let id = try #require(IssuerID(text))
            #expect(IssuerID(id.description) == id)
            #expect(IssuerID(id.uuid) == id)
        }
    }

    @Test(
        "anything but a canonical UUID is refused",
        arguments: [
            "",
            "not-a-uuid",
            "123",
            "3f2504e04f8911d39a0c0305e82c3301",
            "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}",
            "urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            " 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301 ",
            "3f2504e0-4f89-11d3-9a0c-0305e82c330",
            "3f2504e0-4f89-11d3-9a0c-0305e82c33011",
            "3f2504e0-4f89-11d3-9a0c-0305e82c330g",
            "3f2504e04-f89-11d3-9a0c-0305e82c3301",
        ])
    func anythingButACanonicalUUIDIsRefused(text: String) {
        #expect(InvestorID(text) == nil)
    }

    @Test("ids with different UUIDs differ")
    func idsWithDifferentUUIDsDiffer() {
        #expect(Fixtures.alice != Fixtures.bob)
        #expect(Set([Fixtures.alice, Fixtures.bob, Fixtures.alice]).count == 2)
    }
}
