import Synchronization

/// Messages `ConsumerLoop` received but its lanes have not finished, shared between the poller and the lanes.
final class InFlightCount: Sendable {
    private let count = Atomic<Int>(0)

    var value: Int { count.load(ordering: .acquiring) }

    func increment() { count.add(1, ordering: .acquiringAndReleasing) }

    func decrement(by amount: Int = 1) { count.subtract(amount, ordering: .acquiringAndReleasing) }
}
