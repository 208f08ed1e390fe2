import EventSourcing
import Logging

/// Rebuilds the read models from the event store: empties the projections, then replays every
/// stored event in commit order. Safe beside a live projector: both apply by aggregate version,
/// so whichever applies an event second changes nothing.
public struct ProjectionRebuild: Sendable {
    private let events: any EventStore
    private let store: any ReadModelStore
    private let logger: Logger
    private let batchSize: Int

    public init(events: any EventStore, store: any ReadModelStore, batchSize: Int = 1000, logger: Logger) {
        self.events = events
        self.store = store
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Returns how many events were replayed.
    @discardableResult
    public func run() async throws -> Int {
        let projector = Projector(store: store, logger: logger)
        try await store.resetProjections()
        logger.info("rebuild: projections emptied, replaying the event store")
        var position: Int64 = 0
        var replayed = 0
        while true {
            let batch = try await events.events(after: position, limit: batchSize)
            guard let last = batch.last else { break }
            try await projector.project(batch)
            replayed += batch.count
            position = last.position
            logger.info("rebuild: progress", metadata: ["events": "\(replayed)", "position": "\(position)"])
        }
        logger.info("rebuild: done", metadata: ["events": "\(replayed)"])
        return replayed
    }
}
