import EventSourcing
import FinancingMessages
import Foundation

/// One way to spoil a message. Each variety starts from a message its topic's consumers would
/// handle (a `SellInvoice` for an existing issuer, an `InvestorRegistered`, an `InvestorCreated`
/// of a fresh id) and breaks exactly one thing, so a defect a consumer overlooks has a visible
/// effect instead of a harmless refusal.
enum PoisonVariety: String, Codable, Sendable, CaseIterable {
    /// Bytes that are neither JSON nor UTF-8.
    case garbage
    case empty
    /// Valid JSON, but an array around the expected object.
    case wrongShape = "wrong-shape"
    case unknownType = "unknown-type"
    case missingMessageID = "missing-message-id"
    case badMessageID = "bad-message-id"
    case missingType = "missing-type"
    /// A number sent as a string (on `financing.events`, the id sent as a number).
    case wrongTypedField = "wrong-typed-field"
    /// An amount beyond Int64 (on `registering.events`, a negative opening balance).
    case outOfRange = "out-of-range"
    case invalidUUID = "invalid-uuid"
    /// Event headers the policies and projections read (`financing.events` only).
    case missingAggregateID = "missing-aggregate-id"
    case missingAggregateVersion = "missing-aggregate-version"
    case zeroAggregateVersion = "zero-aggregate-version"
    /// An intact message whose `schema_version` is newer than any this build reads.
    case futureSchemaVersion = "future-schema-version"

    /// The message as sent: headers by name, in order, and the raw payload.
    struct Message: Sendable {
        let headers: [MessageHeader]
        let payload: [UInt8]
    }

    private static let eventsOnly: Set<PoisonVariety> = [
        .missingAggregateID, .missingAggregateVersion, .zeroAggregateVersion,
    ]

    func applies(to topic: String) -> Bool {
        topic == Topic.events || !Self.eventsOnly.contains(self)
    }

    /// The spoiled message for `topic`. `target` is the aggregate it would create; `issuer` an
    /// existing issuer, so that an intact `SellInvoice` would succeed.
    func message(topic: String, poison: UUID, messageID: UUID, target: UUID, issuer: UUID) -> Message {
        let id = lowercased(target)
        var idToken = "\"\(id)\""
        var amount = "1000"
        var type: String
        switch self {
        case .invalidUUID: idToken = "\"not-a-uuid\""
        case .wrongTypedField where topic == Topic.events: idToken = "12345"
        case .wrongTypedField: amount = "\"1000\""
        case .outOfRange where topic == Topic.registering: amount = "-1000"
        case .outOfRange: amount = "99999999999999999999"
        default: break
        }
        var json: String
        var version = "1"
        switch topic {
        case Topic.commands:
            type = "SellInvoice"
            json = #"{"asking_price":\#(amount),"invoice_id":\#(idToken),"issuer_id":"\#(lowercased(issuer))"}"#
        case Topic.registering:
            type = "InvestorRegistered"
            json = #"{"balance":\#(amount),"investor_id":\#(idToken),"name":"Chaos poison"}"#
        default:
            if self == .outOfRange {
                type = "InvestorFundsAdded"
                version = "2"
                json = #"{"amount":\#(amount),"investor_id":\#(idToken)}"#
            } else {
                type = "InvestorCreated"
                json = #"{"investor_id":\#(idToken)}"#
            }
        }
        var payload = Array(json.utf8)
        switch self {
        case .garbage: payload = [0xff, 0xfe, 0x00, 0x7b] + Array("chaos \(poison)".utf8)
        case .empty: payload = []
        case .wrongShape: payload = Array("[\(json)]".utf8)
        case .unknownType: type = "ChaosUnknownType"
        default: break
        }
        var headers = [
            MessageHeader(MessageHeader.messageType, type),
            MessageHeader(MessageHeader.messageID, lowercased(messageID)),
            MessageHeader(MessageHeader.schemaVersion, "1"),
        ]
        if topic == Topic.events {
            headers += [
                MessageHeader(MessageHeader.aggregateID, id), MessageHeader(MessageHeader.aggregateType, "Investor"),
                MessageHeader(MessageHeader.aggregateVersion, version),
            ]
        }
        func replace(_ name: String, with value: String) {
            headers = headers.map { $0.name == name ? MessageHeader(name, value) : $0 }
        }
        switch self {
        case .missingMessageID: headers.removeAll { $0.name == MessageHeader.messageID }
        case .badMessageID: replace(MessageHeader.messageID, with: "not-a-uuid")
        case .missingType: headers.removeAll { $0.name == MessageHeader.messageType }
        case .missingAggregateID: headers.removeAll { $0.name == MessageHeader.aggregateID }
        case .missingAggregateVersion: headers.removeAll { $0.name == MessageHeader.aggregateVersion }
        case .zeroAggregateVersion: replace(MessageHeader.aggregateVersion, with: "0")
        case .futureSchemaVersion: replace(MessageHeader.schemaVersion, with: "2")
        default: break
        }
        headers.append(MessageHeader(Poisoner.traceHeader, lowercased(poison)))
        return Message(headers: headers, payload: payload)
    }

    private func lowercased(_ id: UUID) -> String { id.uuidString.lowercased() }
}
