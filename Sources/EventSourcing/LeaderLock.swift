/// Elects one active instance among several (the relayer's single writer to the bus).
public protocol LeaderLock: Sendable {
    /// Takes the lock if free; true when this instance now holds it.
    func tryAcquire() async -> Bool
    /// Whether this instance still holds it (the lock can be lost with its connection).
    func isHeld() async -> Bool
    /// Gives the lock up.
    func release() async
}
