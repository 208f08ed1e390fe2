/// Decides when a consumer-group member that has held no partition for too long should join again
/// as a new member.
///
/// Why: Tansu 0.6.0's group coordinator can settle a rebalance on assignments computed for members
/// that are gone, and answer a live member's SyncGroup with an empty assignment while its heartbeats
/// keep succeeding; that member then waits forever (seen after kills and a broker pause in the chaos
/// run: both handlers idle for minutes with thousands of commands waiting). Part of that was the
/// departed-leader stall `ConsumerHandle` avoids; whether all of it was is not known, so the watchdog
/// stays. A new member starts a fresh rebalance. With Apache Kafka a member is empty only while it
/// joins or when the group has more members than partitions: the patience covers the first, and the
/// doubling keeps the second from rebalancing the group often.
struct AssignmentWatchdog: Sendable {
    private let initialPatience: Duration
    private let maximumPatience: Duration
    private var patience: Duration
    private var unassignedSince: ContinuousClock.Instant?

    init(patience: Duration, maximumPatience: Duration = .seconds(300)) {
        initialPatience = patience
        self.maximumPatience = max(patience, maximumPatience)
        self.patience = patience
    }

    /// How long an empty assignment is tolerated before the next rejoin.
    var currentPatience: Duration { patience }

    /// Records how many partitions the member holds at `now`; true when it should rejoin now.
    mutating func observe(assignedPartitions: Int, at now: ContinuousClock.Instant) -> Bool {
        guard assignedPartitions == 0 else {
            unassignedSince = nil
            patience = initialPatience
            return false
        }
        guard let since = unassignedSince else {
            unassignedSince = now
            return false
        }
        guard now - since >= patience else { return false }
        unassignedSince = now
        patience = min(patience * 2, maximumPatience)
        return true
    }
}
