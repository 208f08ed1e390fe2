/// Exponential backoff for infrastructure outages: pause and retry, never skip.
///
/// Each pause is drawn between half and all of the current step ("equal jitter"), so many callers
/// that failed together (every lane when the database went away) do not retry in lockstep.
public struct Backoff: Sendable {
    private let initial: Duration
    private let maximum: Duration
    private var current: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
        self.current = initial
    }

    /// The next pause: the step doubles each time up to the maximum; the pause is half to all of it.
    public mutating func next() -> Duration {
        defer { current = min(current * 2, maximum) }
        let step = current.components.seconds * 1_000_000 + current.components.attoseconds / 1_000_000_000_000
        return .microseconds(Int64.random(in: (step / 2)...max(step / 2, step)))
    }

    /// Back to the initial pause after a success.
    public mutating func reset() { current = initial }
}
