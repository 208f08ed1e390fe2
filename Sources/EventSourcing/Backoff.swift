/// Exponential backoff for infrastructure outages: pause and retry, never skip.
public struct Backoff: Sendable {
    private let initial: Duration
    private let maximum: Duration
    private var current: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
        self.current = initial
    }

    /// The next pause: doubles each time up to the maximum.
    public mutating func next() -> Duration {
        defer { current = min(current * 2, maximum) }
        return current
    }

    /// Back to the initial pause after a success.
    public mutating func reset() { current = initial }
}
