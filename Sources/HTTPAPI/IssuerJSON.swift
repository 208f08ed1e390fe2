import FinancingAPI

/// An issuer's id and name.
struct IssuerJSON: Encodable {
    let issuer: Financing_V1_Issuer

    enum CodingKeys: String, CodingKey {
        case issuerID = "issuer_id"
        case name
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(issuer.issuerID, forKey: .issuerID)
        try container.encode(issuer.name, forKey: .name)
    }
}
