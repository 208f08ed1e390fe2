/// An exact amount of money: a count of minor units (cents). Never floating point.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The amount in minor units (cents).
    public let minorUnits: Int64

    /// Wraps an amount of minor units.
    public init(minorUnits: Int64) { self.minorUnits = minorUnits }

    /// No money at all.
    public static let zero = Money(minorUnits: 0)

    /// Whether the amount is strictly positive.
    public var isPositive: Bool { minorUnits > 0 }

    /// The sum, or nil when it would not fit in Int64: an overflow is a rejection, never a crash.
    public func adding(_ other: Money) -> Money? {
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        return overflow ? nil : Money(minorUnits: sum)
    }

    /// The difference, or nil when it would not fit in Int64.
    public func subtracting(_ other: Money) -> Money? {
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        return overflow ? nil : Money(minorUnits: difference)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

    public var description: String { String(minorUnits) }
}
