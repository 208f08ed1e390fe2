import Authentication
import Foundation
import Testing

/// SPEC §6 and §7 on the HTTP edge: who is refused, what bad input is told, and what an
/// `Idempotency-Key` guarantees, with the same rules as the gRPC edge.
@Suite("The HTTP/JSON API refuses", .timeLimit(.minutes(3)))
struct HTTPRefusalTests {
    @Test("A request without a token, or with a forged one, is 401 UNAUTHENTICATED and says nothing more")
    func unauthenticated() async throws {
        for token in [nil, "Bearer not-a-jwt", "Basic dXNlcjpwYXNz"] {
            let answer = try await HTTPClient.send("GET", "/v1/invoices", token: token)
            #expect(answer.status == 401, "\(token ?? "no token")")
            #expect(answer.errorCode == "UNAUTHENTICATED")
            #expect(answer.errorMessage == "unauthenticated")
            #expect(answer.header("WWW-Authenticate") == "Bearer")
        }
    }

    @Test("A party acting for another, or beyond its role, is 403 PERMISSION_DENIED")
    func permissionDenied() async throws {
        let issuer = freshID()
        let investor = freshID()
        let refused: [(String, String, Data?, Caller)] = [
            (
                "POST", "/v1/invoices", HTTPClient.json(["issuer_id": freshID(), "asking_price": 100]),
                Credentials.issuer(issuer)
            ),
            (
                "POST", "/v1/invoices/\(freshID())/bids", HTTPClient.json(["investor_id": freshID(), "bid": 100]),
                Credentials.investor(investor)
            ),
            ("POST", "/v1/invoices/\(freshID())/approval", nil, Credentials.investor(investor)),
            ("POST", "/v1/invoices/\(freshID())/reversal", nil, Credentials.issuer(issuer)),
            ("GET", "/v1/investors", nil, Credentials.investor(investor)),
            ("GET", "/v1/issuers", nil, Credentials.issuer(issuer)),
            ("GET", "/v1/investors/\(freshID())", nil, Credentials.investor(investor)),
            ("GET", "/v1/commands/\(freshID())", nil, Credentials.issuer(issuer)),
            ("GET", "/v1/streams/investor/\(freshID())", nil, Credentials.investor(investor)),
            ("GET", "/v1/streams/invoice/\(freshID())", nil, Credentials.issuer(issuer)),
        ]
        for (method, path, body, party) in refused {
            let answer = try await HTTPClient.send(method, path, body: body, as: party)
            #expect(answer.status == 403, "\(method) \(path)")
            #expect(answer.errorCode == "PERMISSION_DENIED", "\(method) \(path)")
            #expect(answer.errorMessage == "permission denied", "\(method) \(path)")
        }
    }

    @Test("Bad input is 400 INVALID_ARGUMENT naming the field, and nothing is recorded")
    func invalidArgument() async throws {
        let issuer = freshID()
        let cases: [(String, String, Data?, [String: String], String)] = [
            ("POST", "/v1/invoices", HTTPClient.json(["issuer_id": "nope", "asking_price": 100]), [:], "issuer_id"),
            (
                "POST", "/v1/invoices", HTTPClient.json(["issuer_id": issuer, "asking_price": "100"]), [:],
                "asking_price"
            ),
            ("POST", "/v1/invoices", HTTPClient.json(["issuer_id": issuer, "asking_price": 0]), [:], "asking_price"),
            (
                "POST", "/v1/invoices", HTTPClient.json(["issuer_id": issuer, "asking_price": 10.5]), [:],
                "asking_price"
            ),
            ("POST", "/v1/invoices", HTTPClient.json(["issuer_id": issuer]), [:], "asking_price"),
            ("POST", "/v1/invoices", nil, [:], "issuer_id"),
            ("POST", "/v1/invoices", Data("{not json".utf8), [:], "body"),
            ("POST", "/v1/invoices", Data("[1]".utf8), [:], "body"),
            (
                "POST", "/v1/invoices", HTTPClient.json(["issuer_id": issuer, "asking_price": 100]),
                ["Idempotency-Key": "not-a-uuid"], "Idempotency-Key"
            ),
        ]
        for (method, path, body, headers, field) in cases {
            let answer = try await HTTPClient.send(
                method, path, body: body, as: Credentials.issuer(issuer), headers: headers)
            #expect(answer.status == 400, "\(String(decoding: body ?? Data(), as: UTF8.self)) \(headers)")
            #expect(answer.errorCode == "INVALID_ARGUMENT")
            #expect(answer.errorField == field, "\(String(decoding: body ?? Data(), as: UTF8.self))")
            #expect(answer.errorMessage?.hasPrefix(field) == true, "\(answer.errorMessage ?? "")")
        }
        let queries: [(String, String)] = [
            ("/v1/invoices?status=BOGUS", "status"), ("/v1/invoices?page_size=abc", "page_size"),
            ("/v1/invoices?page_size=-1", "page_size"), ("/v1/invoices?page_token=garbage", "page_token"),
            ("/v1/invoices/NOT-A-UUID", "invoice_id"), ("/v1/streams/widget/\(freshID())", "aggregate_type"),
            ("/v1/streams/invoice/nope", "id"), ("/v1/commands/nope", "command_id"),
        ]
        for (path, field) in queries {
            let answer = try await HTTPClient.send("GET", path, as: Credentials.anOperator)
            #expect(answer.status == 400, "\(path)")
            #expect(answer.errorField == field, "\(path)")
        }
    }

    @Test("A route that does not exist is 404 and a body over 64 KiB is 413, both in the error shape")
    func notFoundAndTooLarge() async throws {
        let missing = try await HTTPClient.send("GET", "/v1/nothing-here", as: Credentials.anOperator)
        #expect(missing.status == 404)
        #expect(missing.errorCode == "NOT_FOUND")
        let unknown = try await HTTPClient.send("GET", "/v1/invoices/\(freshID())", as: Credentials.anOperator)
        #expect(unknown.status == 404)
        let huge = HTTPClient.json([
            "issuer_id": freshID(), "asking_price": 100, "padding": String(repeating: "x", count: 70_000),
        ])
        let tooLarge = try await HTTPClient.send("POST", "/v1/invoices", body: huge, as: Credentials.anOperator)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.errorCode == "RESOURCE_EXHAUSTED")
    }

    @Test("The same Idempotency-Key twice is one command; reused for another request it is 409")
    func idempotency() async throws {
        try await withScenario { scenario in
            let issuer = try await scenario.givenIssuer()
            let key = freshID()
            let body = HTTPClient.json(["issuer_id": issuer, "asking_price": 2_000])
            let first = try await HTTPClient.send(
                "POST", "/v1/invoices", body: body, as: Credentials.issuer(issuer), headers: ["Idempotency-Key": key])
            let again = try await HTTPClient.send(
                "POST", "/v1/invoices", body: body, as: Credentials.issuer(issuer), headers: ["Idempotency-Key": key])
            #expect(first.status == 202)
            #expect(again.status == 202)
            #expect(first.json["command_id"] as? String == key)
            #expect(again.json["command_id"] as? String == key)
            #expect(again.json["invoice_id"] as? String == first.json["invoice_id"] as? String)

            let other = try await HTTPClient.send(
                "POST", "/v1/invoices", body: HTTPClient.json(["issuer_id": issuer, "asking_price": 2_001]),
                as: Credentials.issuer(issuer), headers: ["Idempotency-Key": key])
            #expect(other.status == 409)
            #expect(other.errorCode == "ALREADY_EXISTS")
            #expect(other.errorField == "Idempotency-Key")
            #expect(
                try await HTTPClient.outcome(of: key, as: Credentials.issuer(issuer))["state"] as? String == "SUCCEEDED"
            )
        }
    }
}
