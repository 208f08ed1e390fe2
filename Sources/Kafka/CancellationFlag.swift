import Synchronization

/// A flag a task's cancellation handler sets and a blocking loop on another thread checks between slices.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Whether `cancel()` has been called.
    var isCancelled: Bool { flag.load(ordering: .acquiring) }

    /// Marks the work as cancelled.
    func cancel() { flag.store(true, ordering: .releasing) }
}
