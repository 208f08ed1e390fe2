import FinancingAPI

/// An investor's name and money, in minor units.
struct InvestorJSON: Encodable {
    let investor: Financing_V1_Investor

    enum CodingKeys: String, CodingKey {
        case investorID = "investor_id"
        case name, balance, reserved, committed
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(investor.investorID, forKey: .investorID)
        try container.encode(investor.name, forKey: .name)
        try container.encode(investor.balance.minorUnits, forKey: .balance)
        try container.encode(investor.reserved.minorUnits, forKey: .reserved)
        try container.encode(investor.committed.minorUnits, forKey: .committed)
    }
}
