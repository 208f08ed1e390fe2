import Synchronization

/// Hands out request numbers to the workers, each number once.
final class RequestCounter: Sendable {
    private let value = Atomic<Int>(0)

    func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}
