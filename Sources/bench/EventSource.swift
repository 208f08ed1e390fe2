import ArgumentParser

/// `--event-source`: how the bench learns of events (see `EventFeed`).
enum EventSource: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// A consumer group of the bench's own on `financing.events`: one more reader for the broker to serve.
    case bus
    /// The event store's rows once the relayer marked them published: no load on the broker, some on
    /// PostgreSQL. Measured at half load, this took 0.08 cores off the broker and did not move latency.
    case store
}
