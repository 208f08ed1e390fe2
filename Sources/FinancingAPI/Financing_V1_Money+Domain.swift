import FinancingDomain

extension Financing_V1_Money {
    /// The wire form of an exact amount.
    public init(_ money: Money) {
        self.init()
        minorUnits = money.minorUnits
    }

    /// The domain amount.
    public var money: Money { Money(minorUnits: minorUnits) }
}
