import struct Foundation.UUID

/// An invoice the bench put on sale, with its asking price in minor units.
struct Sale: Sendable, Hashable {
    let invoice: UUID
    let askingPrice: Int64
}
