import Synchronization

/// A cap on open connections: `take` fails once `capacity` are taken until one is given back.
final class ConnectionSlots: Sendable {
    private let taken = Mutex(0)
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func take() -> Bool {
        taken.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
    }

    func giveBack() {
        taken.withLock { $0 -= 1 }
    }
}
