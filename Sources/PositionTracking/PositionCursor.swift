/// Follows the rows of a table numbered by a sequence (the event store's `position`) without
/// consuming anything from the broker: which rows to ask for next, and which rows to report.
///
/// A sequence hands out numbers when rows are inserted, not when they commit, so a poll for
/// `position > high` can see 7 before 6 has committed. Skipping 6 for good would lose it, so a
/// number missing below the highest one seen is a hole, asked for again on every poll until it
/// shows up or `holeTimeoutMicros` passes (a rolled-back insert leaves a hole that never fills).
/// A row seen before it is published is asked for again too, and reported once it is.
public struct PositionCursor: Sendable {
    /// One row of a poll: its position, and whether it is published yet.
    public typealias Row = (position: Int64, published: Bool)

    /// The highest position seen, published or not.
    public private(set) var high: Int64
    /// Holes that timed out: positions never seen, most likely rolled back.
    public private(set) var abandonedHoles = 0
    private var holes: [Int64: Int64] = [:]
    private var unpublished: Set<Int64> = []
    private let holeTimeoutMicros: Int64

    /// Starts after `position`: rows at or below it are not followed.
    public init(after position: Int64, holeTimeoutMicros: Int64 = 5_000_000) {
        high = position
        self.holeTimeoutMicros = holeTimeoutMicros
    }

    /// Positions at or below `high` that the next poll must ask for again, ascending.
    public var revisit: [Int64] { (Array(holes.keys) + Array(unpublished)).sorted() }

    /// Takes one poll's rows (new ones above `high` and revisited ones, in any order) at `nowMicros`,
    /// and returns the positions to report: each published row exactly once over the cursor's life.
    public mutating func take(_ rows: [Row], nowMicros: Int64) -> [Int64] {
        var report: [Int64] = []
        for row in rows.sorted(by: { $0.position < $1.position }) {
            if row.position > high {
                for missing in (high + 1)..<row.position { holes[missing] = nowMicros }
                high = row.position
            } else if holes.removeValue(forKey: row.position) == nil, !unpublished.contains(row.position) {
                continue  // reported already, or never followed
            }
            if row.published {
                unpublished.remove(row.position)
                report.append(row.position)
            } else {
                unpublished.insert(row.position)
            }
        }
        let expired = holes.filter { nowMicros - $0.value >= holeTimeoutMicros }.keys
        for position in expired { holes.removeValue(forKey: position) }
        abandonedHoles += expired.count
        return report
    }
}
