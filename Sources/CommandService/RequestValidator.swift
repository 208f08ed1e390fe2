import FinancingAPI
import FinancingDomain
import Foundation
import GRPCCore

/// The listener's format checks (SPEC §3): ids are canonical lower-case UUIDs, amounts are
/// present, positive and at most 10^15 minor units. Each failure names the field.
enum RequestValidator {
    /// The largest amount a command may carry: 10^15 minor units (10 trillion in cents).
    static let maximumAmount: Int64 = 1_000_000_000_000_000

    static func id<Tag>(_ text: String, field: String) throws(RPCError) -> Identifier<Tag> {
        Identifier(try uuid(text, field: field))
    }

    static func uuid(_ text: String, field: String) throws(RPCError) -> UUID {
        guard !text.isEmpty else { throw invalid(field, "is required") }
        guard let uuid = UUID(uuidString: text), uuid.uuidString.lowercased() == text else {
            throw invalid(field, "must be a canonical lower-case UUID, got \(quoted(text))")
        }
        return uuid
    }

    /// The request id, when the client gave one.
    static func requestID(_ text: String) throws(RPCError) -> UUID? {
        text.isEmpty ? nil : try uuid(text, field: "request_id")
    }

    static func amount(_ money: Financing_V1_Money, isSet: Bool, field: String) throws(RPCError) -> Money {
        guard isSet else { throw invalid(field, "is required") }
        guard money.minorUnits > 0 else { throw invalid(field, "must be positive, got \(money.minorUnits)") }
        guard money.minorUnits <= maximumAmount else {
            throw invalid(field, "must be at most \(maximumAmount) minor units, got \(money.minorUnits)")
        }
        return money.money
    }

    static func invalid(_ field: String, _ problem: String) -> RPCError {
        RPCError.invalidArgument(field: field, problem)
    }

    /// Shows bad input safely: bounded and with control characters escaped.
    private static func quoted(_ text: String) -> String {
        let shown = text.count > 64 ? String(text.prefix(64)) + "…" : text
        return "\""
            + shown.unicodeScalars.map { $0.isASCII && $0.value >= 32 ? String($0) : $0.escaped(asASCII: true) }
            .joined() + "\""
    }
}
