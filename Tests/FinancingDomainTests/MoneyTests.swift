import FinancingDomain
import Testing

/// Money is an exact Int64 of minor units; arithmetic that would overflow says so instead of trapping.
@Suite("Money")
struct MoneyTests {
    @Test(
        "adding returns the exact sum",
        arguments: [
            (Int64(0), Int64(0), Int64(0)),
            (500, 250, 750),
            (-300, 100, -200),
            (.max - 1, 1, .max),
            (.min + 1, -1, .min),
            (.max, .min, -1),
        ])
    func addingReturnsTheExactSum(lhs: Int64, rhs: Int64, sum: Int64) {
        #expect(Money.cents(lhs).adding(.cents(rhs)) == .cents(sum))
    }

    @Test(
        "adding past Int64's bounds is nil rather than a crash",
        arguments: [
            (Int64.max, Int64(1)),
            (.max, .max),
            (.min, -1),
            (.min, .min),
        ])
    func addingPastTheBoundsIsNil(lhs: Int64, rhs: Int64) {
        #expect(Money.cents(lhs).adding(.cents(rhs)) == nil)
    }

    @Test(
        "subtracting returns the exact difference",
        arguments: [
            (Int64(1000), Int64(400), Int64(600)),
            (0, 0, 0),
            (400, 1000, -600),
            (.min + 1, 1, .min),
            (.max, .max, 0),
            (-1, .max, .min),
        ])
    func subtractingReturnsTheExactDifference(lhs: Int64, rhs: Int64, difference: Int64) {
        #expect(Money.cents(lhs).subtracting(.cents(rhs)) == .cents(difference))
    }

    @Test(
        "subtracting past Int64's bounds is nil rather than a crash",
        arguments: [
            (Int64.min, Int64(1)),
            (0, .min),
            (.max, -1),
            (-2, .max),
        ])
    func subtractingPastTheBoundsIsNil(lhs: Int64, rhs: Int64) {
        #expect(Money.cents(lhs).subtracting(.cents(rhs)) == nil)
    }

    @Test(
        "only strictly positive amounts are positive",
        arguments: [
            (Int64.min, false), (-1, false), (0, false), (1, true), (.max, true),
        ])
    func onlyStrictlyPositiveAmountsArePositive(minorUnits: Int64, isPositive: Bool) {
        #expect(Money.cents(minorUnits).isPositive == isPositive)
    }

    @Test("amounts order by their minor units")
    func amountsOrderByTheirMinorUnits() {
        #expect(Money.cents(-1) < .zero)
        #expect(Money.zero < .cents(1))
        #expect(Money.cents(999) < .cents(1000))
        #expect(!(Money.cents(1000) < .cents(1000)))
        #expect(Money.cents(.min) < .cents(.max))
    }

    @Test("zero is no money at all")
    func zeroIsNoMoneyAtAll() {
        #expect(Money.zero.minorUnits == 0)
        #expect(Money.zero == .cents(0))
    }

    @Test(
        "an amount prints as its plain count of minor units",
        arguments: [
            (Int64(0), "0"), (500, "500"), (-42, "-42"), (.max, "9223372036854775807"),
        ])
    func anAmountPrintsAsItsMinorUnits(minorUnits: Int64, text: String) {
        #expect(Money.cents(minorUnits).description == text)
    }
}
