/// Tells the relayer that events may have been appended, so it need not wait out its poll interval.
///
/// A signal is a hint, never the source of truth: the relayer still reads the outbox itself, and a
/// lost signal only means the next poll finds the events.
public protocol OutboxSignal: Sendable {
    /// Returns when events were appended since the last call, or after `timeout`, whichever is first.
    func wait(upTo timeout: Duration) async

    /// Releases what the signal holds (a database session); called once when the relayer stops.
    func close() async
}

/// No signal at all: the relayer wakes every interval.
public struct PollingInterval: OutboxSignal {
    public init() {}

    public func wait(upTo timeout: Duration) async {
        try? await Task.sleep(for: timeout)
    }

    public func close() async {}
}
