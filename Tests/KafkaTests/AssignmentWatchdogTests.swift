import Testing

@testable import Kafka

@Suite("AssignmentWatchdog: a member without partitions rejoins, ever more patiently")
struct AssignmentWatchdogTests {
    private let start = ContinuousClock.now

    private func at(_ seconds: Int) -> ContinuousClock.Instant { start + .seconds(seconds) }

    @Test("a member holding partitions never rejoins")
    func assignedNeverRejoins() {
        var watchdog = AssignmentWatchdog(patience: .seconds(10))
        let rejoinedAt = (0..<100).filter { watchdog.observe(assignedPartitions: 3, at: at($0)) }
        #expect(rejoinedAt.isEmpty)
    }

    @Test("an empty assignment rejoins once the patience is over, then waits twice as long")
    func emptyRejoinsWithDoubling() {
        var watchdog = AssignmentWatchdog(patience: .seconds(10), maximumPatience: .seconds(40))
        let rejoinedAt = (0...200).filter { watchdog.observe(assignedPartitions: 0, at: at($0)) }
        // Empty since 0: 10 s, then 20, then 40, then capped at 40.
        #expect(rejoinedAt == [10, 30, 70, 110, 150, 190])
    }

    @Test("partitions arriving reset both the clock and the patience")
    func assignmentResets() {
        var watchdog = AssignmentWatchdog(patience: .seconds(10))
        // (seconds, partitions held): empty from 0, rejoin at 10, assigned at 12, empty again from 13.
        let observations = [(0, 0), (10, 0), (12, 2), (13, 0), (22, 0), (23, 0)]
        var rejoinedAt: [Int] = []
        var patience: [Duration] = []
        for (second, partitions) in observations {
            if watchdog.observe(assignedPartitions: partitions, at: at(second)) { rejoinedAt.append(second) }
            patience.append(watchdog.currentPatience)
        }
        // The second rejoin comes 10 s after the member was empty again, not 20 s after the first.
        #expect(rejoinedAt == [10, 23])
        #expect(patience.map { $0.components.seconds } == [10, 20, 10, 10, 10, 20])
    }
}
