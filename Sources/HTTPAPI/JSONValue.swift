import Foundation

/// Any JSON value, to pass an event's stored payload through to an answer unchanged. Integers
/// stay `Int64` (money is minor units) and any other number is a decimal `Decimal`: no value is
/// ever read through binary floating point, so nothing that could be money is rounded.
enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Decimal)
    /// A number beyond what `Decimal` holds (such as 1e-217): never an amount. Shown as null;
    /// the event store's payloads hold integers and strings only, so an answer never has one.
    case unrepresentableNumber
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Decimal.self) {
            // JSON has one number type: 106.0 is the integer 106, as JSON Schema says; a fraction
            // or a value beyond Int64 stays a decimal number.
            self = Self.wholeNumber(value).map(JSONValue.integer) ?? .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            // The decoder parsed the document before this: a JSON value that is none of the
            // above can only be a number too large or too small for a Decimal.
            self = .unrepresentableNumber
        }
    }

    /// `value` as an Int64 when it is a whole number in Int64's range, decided in decimal arithmetic.
    private static func wholeNumber(_ value: Decimal) -> Int64? {
        guard value >= Decimal(Int64.min), value <= Decimal(Int64.max) else { return nil }
        var whole = Decimal()
        var copy = value
        NSDecimalRound(&whole, &copy, 0, .plain)
        guard whole == value else { return nil }
        return Int64(exactly: NSDecimalNumber(decimal: whole).int64Value).flatMap {
            Decimal($0) == whole ? $0 : nil
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null, .unrepresentableNumber: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
