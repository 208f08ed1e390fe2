import FinancingDomain

import struct Foundation.UUID

/// What Registering announces on `registering.events` (SPEC §4). Names live only here, never in
/// domain events.
public enum IntegrationEvent: Sendable, Hashable {
    /// A new investor with an opening balance.
    case investorRegistered(InvestorID, name: String, balance: Money)
    /// A new issuer.
    case issuerRegistered(IssuerID, name: String)

    /// The `message_type`.
    public var type: String {
        switch self {
        case .investorRegistered: "InvestorRegistered"
        case .issuerRegistered: "IssuerRegistered"
        }
    }

    /// The registered id: the Kafka key.
    public var registeredID: UUID {
        switch self {
        case .investorRegistered(let id, _, _): id.uuid
        case .issuerRegistered(let id, _): id.uuid
        }
    }

    /// The JSON value.
    public func encoded() -> [UInt8] {
        switch self {
        case .investorRegistered(let id, let name, let balance):
            WireJSON.encode(RegistrationPayload(investorID: id.description, name: name, balance: balance.minorUnits))
        case .issuerRegistered(let id, let name):
            WireJSON.encode(RegistrationPayload(issuerID: id.description, name: name))
        }
    }

    /// Reads an integration event; throws for an unknown type or a malformed payload.
    public static func decode(type: String, payload: [UInt8]) throws(WireFormatError) -> IntegrationEvent {
        let fields = try WireJSON.decode(RegistrationPayload.self, from: payload, messageType: type)
        switch type {
        case "InvestorRegistered":
            let id: InvestorID = try WireJSON.id(
                try WireJSON.required(fields.investorID, "investor_id", in: type), field: "investor_id", in: type)
            let balance = try WireJSON.required(fields.balance, "balance", in: type)
            guard balance >= 0 else { throw WireFormatError("\(type): balance must not be negative") }
            return .investorRegistered(
                id, name: try WireJSON.required(fields.name, "name", in: type), balance: Money(minorUnits: balance))
        case "IssuerRegistered":
            let id: IssuerID = try WireJSON.id(
                try WireJSON.required(fields.issuerID, "issuer_id", in: type), field: "issuer_id", in: type)
            return .issuerRegistered(id, name: try WireJSON.required(fields.name, "name", in: type))
        default:
            throw WireFormatError("unknown integration event type \(type)")
        }
    }
}

/// The JSON of both registrations.
struct RegistrationPayload: Codable {
    var investorID: String?
    var issuerID: String?
    var name: String?
    var balance: Int64?

    enum CodingKeys: String, CodingKey {
        case investorID = "investor_id"
        case issuerID = "issuer_id"
        case name
        case balance
    }
}
