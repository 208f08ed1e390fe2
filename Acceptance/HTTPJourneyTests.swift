import Foundation
import Testing

/// SPEC §7: the journey of the README with curl, route by route, and the event store's stream
/// beside the read model.
@Suite("The HTTP/JSON API", .timeLimit(.minutes(3)))
struct HTTPJourneyTests {
    @Test(
        "Given an issuer and an investor, when the issuer sells, the investor bids and an operator approves over HTTP, then each route answers as SPEC §7 says"
    )
    func sellBidApprove() async throws {
        try await withScenario { scenario in
            let issuer = try await scenario.givenIssuer()
            let investor = try await scenario.givenInvestor(balance: 10_000)

            let sale = try await HTTPClient.send(
                "POST", "/v1/invoices", body: HTTPClient.json(["issuer_id": issuer, "asking_price": 3_000]),
                as: Credentials.issuer(issuer))
            #expect(sale.status == 202)
            let commandID = try #require(sale.json["command_id"] as? String)
            let invoice = try #require(sale.json["invoice_id"] as? String)
            #expect(sale.header("Location") == "/v1/commands/\(commandID)")
            #expect(
                try await HTTPClient.outcome(of: commandID, as: Credentials.issuer(issuer))["state"] as? String
                    == "SUCCEEDED")

            let bid = try await HTTPClient.send(
                "POST", "/v1/invoices/\(invoice)/bids", body: HTTPClient.json(["investor_id": investor, "bid": 3_500]),
                as: Credentials.investor(investor))
            #expect(bid.status == 202)
            let bidCommand = try #require(bid.json["command_id"] as? String)
            #expect(
                try await HTTPClient.outcome(of: bidCommand, as: Credentials.investor(investor))["state"] as? String
                    == "SUCCEEDED")

            let approval = try await HTTPClient.send(
                "POST", "/v1/invoices/\(invoice)/approval", as: Credentials.anOperator)
            #expect(approval.status == 202)
            let approvalCommand = try #require(approval.json["command_id"] as? String)
            #expect(
                try await HTTPClient.outcome(of: approvalCommand, as: Credentials.anOperator)["state"] as? String
                    == "SUCCEEDED")

            let approved = try await eventually("the invoice shows APPROVED over HTTP") { () -> [String: Any]? in
                let answer = try await HTTPClient.send(
                    "GET", "/v1/invoices/\(invoice)", as: Credentials.investor(investor))
                return answer.json["status"] as? String == "APPROVED" ? answer.json : nil
            }
            #expect(approved["asking_price"] as? Int == 3_000)
            #expect(approved["issuer_id"] as? String == issuer)
            let winning = try #require(approved["winning_bid"] as? [String: Any])
            #expect(winning["investor_id"] as? String == investor)
            #expect(winning["amount"] as? Int == 3_500)

            let funds = try await eventually("the investor's 3000 are committed over HTTP") { () -> [String: Any]? in
                let answer = try await HTTPClient.send(
                    "GET", "/v1/investors/\(investor)", as: Credentials.investor(investor))
                return answer.json["committed"] as? Int == 3_000 ? answer.json : nil
            }
            #expect(funds["balance"] as? Int == 7_000)
            #expect(funds["reserved"] as? Int == 0)

            let stream = try await HTTPClient.send(
                "GET", "/v1/streams/invoice/\(invoice)", as: Credentials.issuer(issuer))
            #expect(stream.status == 200)
            let events = try #require(stream.json["events"] as? [[String: Any]])
            #expect(events.map { $0["type"] as? String } == ["InvoiceCreated", "InvoiceFinanced", "InvoiceApproved"])
            #expect(events.map { $0["version"] as? Int } == [1, 2, 3])
            #expect((events.first?["data"] as? [String: Any])?["asking_price"] as? Int == 3_000)
            #expect(events.allSatisfy { ($0["recorded_at"] as? String)?.hasSuffix("Z") == true })
        }
    }

    @Test(
        "Given a financed invoice, when an operator reverses it over HTTP, then it is REVERSED and the bid is released")
    func reversal() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let invoice = try await scenario.givenFinancedInvoice(askingPrice: 2_000, investor: investor, bid: 2_000)
            let reversal = try await HTTPClient.send(
                "POST", "/v1/invoices/\(invoice.id)/reversal", as: Credentials.anOperator,
                headers: ["Idempotency-Key": freshID()])
            #expect(reversal.status == 202)
            let command = try #require(reversal.json["command_id"] as? String)
            #expect(
                try await HTTPClient.outcome(of: command, as: Credentials.anOperator)["state"] as? String == "SUCCEEDED"
            )
            _ = try await eventually("the invoice shows REVERSED over HTTP") { () -> Bool? in
                let answer = try await HTTPClient.send("GET", "/v1/invoices/\(invoice.id)", as: Credentials.anOperator)
                return answer.json["status"] as? String == "REVERSED" ? true : nil
            }
            let funds = try await eventually("the investor has its 2000 back over HTTP") { () -> [String: Any]? in
                let answer = try await HTTPClient.send(
                    "GET", "/v1/investors/\(investor)", as: Credentials.investor(investor))
                return answer.json["reserved"] as? Int == 0 && answer.json["balance"] as? Int == 10_000
                    ? answer.json : nil
            }
            #expect(funds["committed"] as? Int == 0)
        }
    }

    @Test("Given invoices on sale, when they are listed a page at a time over HTTP, then the pages follow one another")
    func paging() async throws {
        try await withScenario { scenario in
            _ = try await scenario.givenInvoice(askingPrice: 1_000)
            _ = try await scenario.givenInvoice(askingPrice: 1_000)
            let first = try await HTTPClient.send(
                "GET", "/v1/invoices?status=available&page_size=1", as: Credentials.anOperator)
            #expect(first.status == 200)
            let firstItems = try #require(first.json["invoices"] as? [[String: Any]])
            #expect(firstItems.count == 1)
            let token = try #require(first.json["next_page_token"] as? String)
            let second = try await HTTPClient.send(
                "GET", "/v1/invoices?status=AVAILABLE&page_size=1&page_token=\(token)", as: Credentials.anOperator)
            let secondItems = try #require(second.json["invoices"] as? [[String: Any]])
            #expect(secondItems.count == 1)
            #expect(secondItems.first?["invoice_id"] as? String != firstItems.first?["invoice_id"] as? String)
            #expect(secondItems.allSatisfy { $0["status"] as? String == "AVAILABLE" })
        }
    }

    @Test("Given an investor, when its stream is read a page at a time, then the pages hold its events in order")
    func streamPaging() async throws {
        try await withScenario { scenario in
            let investor = try await scenario.givenInvestor(balance: 10_000)
            let first = try await HTTPClient.send(
                "GET", "/v1/streams/investor/\(investor)?page_size=1", as: Credentials.investor(investor))
            #expect(first.status == 200)
            #expect((first.json["events"] as? [[String: Any]])?.map { $0["version"] as? Int } == [1])
            let token = try #require(first.json["next_page_token"] as? String)
            let rest = try await HTTPClient.send(
                "GET", "/v1/streams/investor/\(investor)?page_token=\(token)", as: Credentials.investor(investor))
            let versions = (rest.json["events"] as? [[String: Any]])?.compactMap { $0["version"] as? Int } ?? []
            #expect(versions.first == 2)
            #expect(versions == Array(2..<(2 + versions.count)))
        }
    }
}
