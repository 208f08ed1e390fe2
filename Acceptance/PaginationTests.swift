import FinancingAPI
import GRPCCore
import Testing

/// SPEC §3: lists are ordered by id and paged with an opaque `page_token`.
@Suite("Paging through lists", .timeLimit(.minutes(3)))
struct PaginationTests {
    @Test(
        "Given 5 new investors, when walking AllInvestors two at a time, then every investor appears once, in id order")
    func investorsPageByTwo() async throws {
        try await withScenario { scenario in
            let mine = try await registerInvestors(5, in: scenario)
            let before = try await scenario.stack.walk {
                try await scenario.stack.investorsPage(size: 1_000, token: $0)
            }

            let pages = try await scenario.stack.walk { try await scenario.stack.investorsPage(size: 2, token: $0) }

            expectWellPaged(
                pages.map { $0.items.map(\.investorID) }, size: 2,
                covering: before.flatMap(\.items).map(\.investorID), including: mine)
        }
    }

    @Test("Given 3 new issuers, when walking AllIssuers two at a time, then every issuer appears once, in id order")
    func issuersPageByTwo() async throws {
        try await withScenario { scenario in
            var mine: [String] = []
            for _ in 0..<3 { mine.append(try await scenario.givenIssuer()) }
            let before = try await settled({
                try await scenario.stack.walk { try await scenario.stack.issuersPage(size: 1_000, token: $0) }
            }) { pages in Set(mine).isSubset(of: pages.flatMap(\.items).map(\.issuerID)) }

            let pages = try await scenario.stack.walk { try await scenario.stack.issuersPage(size: 2, token: $0) }

            expectWellPaged(
                pages.map { $0.items.map(\.issuerID) }, size: 2, covering: before.flatMap(\.items).map(\.issuerID),
                including: mine)
        }
    }

    @Test(
        "Given 3 new invoices, when walking AllInvoices two at a time, with and without the AVAILABLE filter, then each appears once, in id order"
    )
    func invoicesPageByTwo() async throws {
        try await withScenario { scenario in
            var mine: [String] = []
            for price in [1_000, 2_000, 3_000] as [Int64] {
                mine.append(try await scenario.givenInvoice(askingPrice: price).id)
            }
            for invoice in mine { _ = try await scenario.stack.settledInvoice(invoice, status: .available) }
            let before = try await scenario.stack.walk { try await scenario.stack.invoicesPage(size: 1_000, token: $0) }

            let pages = try await scenario.stack.walk { try await scenario.stack.invoicesPage(size: 2, token: $0) }
            let available = try await scenario.stack.walk {
                try await scenario.stack.invoicesPage(size: 2, token: $0, status: .available)
            }

            expectWellPaged(
                pages.map { $0.items.map(\.invoiceID) }, size: 2, covering: before.flatMap(\.items).map(\.invoiceID),
                including: mine)
            expectWellPaged(
                available.map { $0.items.map(\.invoiceID) }, size: 2, covering: [], including: mine)
            #expect(available.flatMap(\.items).allSatisfy { $0.status == .available })
        }
    }

    @Test(
        "Given a page_token the service never issued, when listing, then INVALID_ARGUMENT names page_token",
        arguments: ["garbage!", "djE6bm90LWEtdXVpZA", "MTIz"])
    func invalidPageTokenIsRefused(_ token: String) async throws {
        try await withStack { stack in
            for (list, call) in [
                ("AllInvestors", { _ = try await stack.investorsPage(size: 2, token: token) }),
                ("AllIssuers", { _ = try await stack.issuersPage(size: 2, token: token) }),
                ("AllInvoices", { _ = try await stack.invoicesPage(size: 2, token: token) }),
            ] as [(String, () async throws -> Void)] {
                do {
                    try await call()
                    Issue.record("\(list) accepted page_token \(token)")
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument, "\(list): \(error)")
                    #expect(error.message.contains("page_token"), "\(list): \(error.message)")
                }
            }
        }
    }

    @Test("Given page_size 0 or above 1000, when listing, then pages hold at most 100 and 1000 items")
    func pageSizeDefaultsAndLimits() async throws {
        try await withStack { stack in
            let defaultPage = try await stack.investorsPage(size: 0)
            let largestPage = try await stack.investorsPage(size: 5_000)
            let invoices = try await stack.invoicesPage(size: 0)
            let issuers = try await stack.issuersPage(size: 0)
            #expect(defaultPage.items.count <= 100)
            #expect(largestPage.items.count <= 1_000)
            #expect(invoices.items.count <= 100)
            #expect(issuers.items.count <= 100)
        }
    }
}

/// Registers `count` investors and waits until the read model shows them all.
private func registerInvestors(_ count: Int, in scenario: Scenario) async throws -> [String] {
    var ids: [String] = []
    for _ in 0..<count { ids.append(try await scenario.registrar.registerInvestor(balance: 100).id) }
    for id in ids { _ = try await scenario.stack.settledFunds(of: id, Funds(balance: 100)) }
    return ids
}

/// Pages of at most `size` ids (all full but the last), strictly ascending overall (so no duplicates),
/// holding everything listed before the walk (nothing is ever deleted: no gaps) and the test's own ids.
private func expectWellPaged(
    _ pages: [[String]], size: Int, covering before: [String], including mine: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let ids = pages.flatMap { $0 }
    #expect(pages.allSatisfy { $0.count <= size }, "page sizes \(pages.map(\.count))", sourceLocation: sourceLocation)
    #expect(
        pages.dropLast().allSatisfy { $0.count == size }, "short page before the last: \(pages.map(\.count))",
        sourceLocation: sourceLocation)
    let unordered = zip(ids, ids.dropFirst()).filter { $0 >= $1 }
    #expect(unordered.isEmpty, "out of order or repeated: \(unordered.prefix(5))", sourceLocation: sourceLocation)
    let walked = Set(ids)
    let gaps = before.filter { !walked.contains($0) }
    #expect(gaps.isEmpty, "missing from the walk: \(gaps.prefix(5))", sourceLocation: sourceLocation)
    let missing = mine.filter { !walked.contains($0) }
    #expect(missing.isEmpty, "the test's own items missing: \(missing)", sourceLocation: sourceLocation)
}
