import struct Foundation.UUID

/// The issuers and investors the bench registered for its run.
struct Cast: Sendable {
    let issuers: [UUID]
    /// Investors with a balance far above anything the run bids.
    let investors: [UUID]
    /// Investors registered with a zero balance: every bid of theirs is rejected.
    let poorInvestors: [UUID]

    /// Balance of each rich investor, in minor units (10^10.00).
    static let richBalance: Int64 = 1_000_000_000_000
}
