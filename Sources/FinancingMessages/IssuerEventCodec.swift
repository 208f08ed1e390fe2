import CanonicalUUID
import EventSourcing
import FinancingDomain

/// The JSON of `IssuerCreated`.
struct IssuerEventPayload: Codable {
    let issuerID: String

    enum CodingKeys: String, CodingKey {
        case issuerID = "issuer_id"
    }
}

extension EventCodec where Event == Issuer.Event {
    /// Issuer events on the wire.
    public static var issuer: Self {
        Self(
            encode: { id, event in
                EncodedEvent(
                    type: event.name, payload: WireJSON.encode(IssuerEventPayload(issuerID: id.canonicalText))
                )
            },
            decode: { type, bytes throws(WireFormatError) in
                guard type == "IssuerCreated" else { throw WireFormatError("unknown issuer event type \(type)") }
                let payload = try WireJSON.decode(IssuerEventPayload.self, from: bytes, messageType: type)
                return .created(try WireJSON.id(payload.issuerID, field: "issuer_id", in: type))
            }
        )
    }
}
