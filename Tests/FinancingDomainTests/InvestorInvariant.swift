import FinancingDomain
import Testing

/// SPEC §1's investor invariant, checked the same way by every property suite.
enum InvestorInvariant {
    /// Records an issue unless the investor is registered with balance, reserved and committed all ≥ 0,
    /// funds added as given, and balance + reserved + committed == funds added (summed without overflow).
    static func check(_ state: Investor.State?, fundsAdded: Money, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .active(let account) = state else {
            Issue.record("not registered: \(String(describing: state))", sourceLocation: sourceLocation)
            return
        }
        #expect(account.balance >= .zero, "balance in \(account)", sourceLocation: sourceLocation)
        #expect(account.reserved >= .zero, "reserved in \(account)", sourceLocation: sourceLocation)
        #expect(account.committed >= .zero, "committed in \(account)", sourceLocation: sourceLocation)
        #expect(account.fundsAdded == fundsAdded, sourceLocation: sourceLocation)
        let total =
            Int128(account.balance.minorUnits) + Int128(account.reserved.minorUnits)
            + Int128(account.committed.minorUnits)
        #expect(total == Int128(fundsAdded.minorUnits), "money conserved in \(account)", sourceLocation: sourceLocation)
    }
}
