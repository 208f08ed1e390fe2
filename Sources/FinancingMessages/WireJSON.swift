import CanonicalUUID
import FinancingDomain
import Foundation

/// JSON encoding and decoding of wire payloads, with errors that say which field is wrong.
enum WireJSON {
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and integers cannot fail.
        return (try? Array(encoder.encode(value))) ?? []
    }

    static func decode<T: Decodable>(_ type: T.Type, from payload: [UInt8], messageType: String) throws(WireFormatError)
        -> T
    {
        do {
            return try JSONDecoder().decode(T.self, from: Data(payload))
        } catch let DecodingError.keyNotFound(key, _) {
            throw WireFormatError("\(messageType): missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw WireFormatError(
                "\(messageType): field \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
            )
        } catch let DecodingError.valueNotFound(_, context) {
            throw WireFormatError(
                "\(messageType): field \(context.codingPath.map(\.stringValue).joined(separator: ".")) is null")
        } catch {
            throw WireFormatError("\(messageType): payload is not a JSON object of the expected shape")
        }
    }

    static func required<T>(_ value: T?, _ field: String, in messageType: String) throws(WireFormatError) -> T {
        guard let value else { throw WireFormatError("\(messageType): missing field \(field)") }
        return value
    }

    static func id<Tag>(_ text: String, field: String, in messageType: String) throws(WireFormatError) -> Identifier<
        Tag
    > {
        guard let id = Identifier<Tag>(text) else { throw WireFormatError("\(messageType): \(field) is not a UUID") }
        return id
    }

    static func uuid(_ text: String, field: String, in messageType: String) throws(WireFormatError) -> UUID {
        guard let id = UUID(canonical: text) else { throw WireFormatError("\(messageType): \(field) is not a UUID") }
        return id
    }
}

/// A bid as it appears inside invoice events: `{investor_id, amount}`.
struct BidPayload: Codable {
    let investorID: String
    let amount: Int64

    enum CodingKeys: String, CodingKey {
        case investorID = "investor_id"
        case amount
    }

    init(_ bid: Bid) {
        investorID = bid.investor.description
        amount = bid.amount.minorUnits
    }

    func bid(in messageType: String) throws(WireFormatError) -> Bid {
        Bid(
            investor: try WireJSON.id(investorID, field: "bid.investor_id", in: messageType),
            amount: Money(minorUnits: amount))
    }
}
