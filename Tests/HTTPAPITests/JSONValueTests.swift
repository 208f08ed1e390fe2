import Foundation
import Testing

@testable import HTTPAPI

@Suite("JSON values on their way in and out")
struct JSONValueTests {
    private func value(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test("integers stay exact Int64, up to the largest amount a command may carry and beyond")
    func integers() throws {
        #expect(try value("1000000000000000") == .integer(1_000_000_000_000_000))
        #expect(try value("9223372036854775807") == .integer(Int64.max))
    }

    @Test("a whole number written with a fraction is that integer; a real fraction is not")
    func wholeNumbers() throws {
        #expect(try value("106.0") == .integer(106))
        #expect(try value("10.5") == .number(Decimal(string: "10.5")!))
        #expect(try value("1e30") == .number(Decimal(string: "1e30")!))
        #expect(try value("0.1") == .number(Decimal(string: "0.1")!), "exactly one tenth, not a binary fraction")
        #expect(try value("1.675215568632941e-217") == .unrepresentableNumber)
        #expect(try value(#"{"a": 1e-300, "b": 2}"#) == .object(["a": .unrepresentableNumber, "b": .integer(2)]))
    }

    @Test("a stored payload passes through unchanged")
    func roundTrip() throws {
        let payload = #"{"asking_price":3000,"bid":{"amount":3500,"investor_id":"x"},"flag":true,"none":null}"#
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(try value(payload)), as: UTF8.self) == payload)
    }

    @Test("a stream page token names the version it starts after, and nothing else reads as one")
    func streamTokens() throws {
        let token = StreamPage.encode(after: 42)
        #expect(!token.contains("="))
        #expect(try StreamPage(size: 0, token: token).after == 42)
        #expect(try StreamPage(size: 0, token: "").after == 0)
        #expect(try StreamPage(size: 5000, token: "").size == 1000)
        #expect(throws: APIError.self) { try StreamPage(size: 0, token: "garbage") }
        #expect(throws: APIError.self) { try StreamPage(size: -1, token: "") }
    }
}
