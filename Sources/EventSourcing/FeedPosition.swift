/// A place in the event store's commit order: the appending transaction's id, then the event's position.
///
/// Positions are handed out when rows are inserted, not when they commit, so "after position N" can
/// skip an insert that commits late. Ordering by the transaction first, and reading only transactions
/// that have ended, never does: a later transaction cannot end up before an earlier one that was still
/// open when the reader passed it.
public struct FeedPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The PostgreSQL `xid8` of the transaction that appended the event.
    public let transaction: UInt64
    /// The event's global position.
    public let position: Int64

    /// Before every event.
    public static let start = FeedPosition(transaction: 0, position: 0)

    public init(transaction: UInt64, position: Int64) {
        self.transaction = transaction
        self.position = position
    }

    public static func < (lhs: FeedPosition, rhs: FeedPosition) -> Bool {
        (lhs.transaction, lhs.position) < (rhs.transaction, rhs.position)
    }

    public var description: String { "\(transaction)/\(position)" }
}
