import Synchronization

/// Streams seen to hold events, remembered so the existence facts commands carry can skip the store. Sound because
/// a stream is append-only: once it has an event it has one forever, so a remembered "yes" never goes stale. A "no"
/// is never remembered: the stream may be created by the next message.
///
/// Bounded: when `capacity` streams are remembered the set starts over, so memory stays flat however many
/// aggregates pass through, at the cost of asking the store again for the ones still in use.
public final class KnownStreams: Sendable {
    private let remembered = Mutex<Set<StreamID>>([])
    public let capacity: Int

    public init(capacity: Int = 10_000) {
        precondition(capacity > 0, "KnownStreams needs room for at least one stream")
        self.capacity = capacity
    }

    /// Whether `stream` has events: from memory when it was seen to, otherwise by asking `store`.
    public func exists(_ stream: StreamID, in store: any EventStore) async throws(EventStoreError) -> Bool {
        if contains(stream) { return true }
        let found = try await store.exists(stream)
        if found { remember(stream) }
        return found
    }

    /// Whether `stream` is remembered as having events.
    public func contains(_ stream: StreamID) -> Bool {
        remembered.withLock { $0.contains(stream) }
    }

    /// How many streams are remembered now.
    public var count: Int { remembered.withLock { $0.count } }

    private func remember(_ stream: StreamID) {
        remembered.withLock { streams in
            if streams.count >= capacity { streams.removeAll(keepingCapacity: true) }
            streams.insert(stream)
        }
    }
}
