import PositionTracking
import PropertyBased
import Testing

@Suite("PositionCursor: following the event store by position while inserts commit out of order")
struct PositionCursorTests {
    @Test("a row that commits after a higher one is still reported, once")
    func lateCommitIsReported() {
        var cursor = PositionCursor(after: 5)
        #expect(cursor.take([(position: 7, published: true)], nowMicros: 0) == [7])
        #expect(cursor.revisit == [6])
        #expect(cursor.take([(position: 6, published: true)], nowMicros: 1_000) == [6])
        #expect(cursor.revisit.isEmpty)
        let again = [(position: Int64(6), published: true), (position: 7, published: true)]
        #expect(cursor.take(again, nowMicros: 2_000).isEmpty)
    }

    @Test("a row seen unpublished is asked for again and reported when published")
    func unpublishedRowWaits() {
        var cursor = PositionCursor(after: 0)
        #expect(cursor.take([(position: 1, published: false)], nowMicros: 0).isEmpty)
        #expect(cursor.revisit == [1])
        #expect(cursor.take([(position: 1, published: true)], nowMicros: 1) == [1])
        #expect(cursor.revisit.isEmpty)
    }

    @Test("a hole that never fills is given up after the timeout and counted")
    func holeTimesOut() {
        var cursor = PositionCursor(after: 0, holeTimeoutMicros: 100)
        _ = cursor.take([(position: 3, published: true)], nowMicros: 0)
        #expect(cursor.revisit == [1, 2])
        _ = cursor.take([(position: 2, published: true)], nowMicros: 99)
        #expect(cursor.revisit == [1])
        _ = cursor.take([], nowMicros: 100)
        #expect(cursor.revisit.isEmpty)
        #expect(cursor.abandonedHoles == 1)
    }

    @Test("rows at or below the start are never followed")
    func startsAfterThePosition() {
        var cursor = PositionCursor(after: 10)
        #expect(cursor.take([(position: 9, published: true)], nowMicros: 0).isEmpty)
        #expect(cursor.revisit.isEmpty)
    }

    /// Simulated table: each position commits at some poll (or rolls back) and is published some
    /// polls later; each poll returns what a `position > high OR position = ANY(revisit)` query with
    /// `ORDER BY position LIMIT limit` would see. Every published row must be reported exactly once,
    /// and every rolled-back position below the last committed one must end up abandoned.
    @Test("every published row is reported exactly once, whatever the commit order and poll size")
    func everyPublishedRowIsReportedOnce() async {
        let rows = zip(Gen.bool(0.1), Gen.int(in: 0...20), Gen.int(in: 0...5)).array(of: 1...80)
        await propertyCheck(count: 300, input: rows, Gen.int(in: 1...30)) { rows, limit in
            let timeout: Int64 = 1_000
            var cursor = PositionCursor(after: 0, holeTimeoutMicros: timeout)
            var reported: [Int64] = []
            // Enough polls for everything to commit and publish, then one row a poll at the smallest limit.
            for poll in 0...(30 + rows.count) {
                let wanted = Set(cursor.revisit)
                var visible: [PositionCursor.Row] = []
                for (index, (rolledBack, commit, delay)) in rows.enumerated() where !rolledBack && commit <= poll {
                    let position = Int64(index + 1)
                    guard position > cursor.high || wanted.contains(position) else { continue }
                    visible.append((position: position, published: commit + delay <= poll))
                }
                reported += cursor.take(Array(visible.prefix(limit)), nowMicros: Int64(poll))
            }
            _ = cursor.take([], nowMicros: timeout + 100)
            let committed = rows.enumerated().filter { !$0.element.0 }.map { Int64($0.offset + 1) }
            #expect(reported.sorted() == committed, "each committed row once, and nothing else")
            let lastCommitted = committed.last ?? 0
            let rolledBackBelow = rows.enumerated().count { $0.element.0 && Int64($0.offset + 1) < lastCommitted }
            #expect(cursor.abandonedHoles == rolledBackBelow)
            #expect(cursor.revisit.isEmpty)
        }
    }
}
