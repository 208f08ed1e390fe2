/// How long loading one investor with a long history takes, with and without a snapshot.
struct AggregateLoadResult: Codable, Sendable {
    let database: String
    let events: Int
    let snapshotVersion: Int
    let eventsAfterSnapshot: Int
    let repeats: Int
    /// `CommandExecutor.load`: all events read from PostgreSQL, decoded and folded.
    let withoutSnapshot: LatencySummary
    /// `CommandExecutor.load` with a snapshot policy: the snapshot plus the events after it.
    let withSnapshot: LatencySummary
    /// Time to append the history (1,000 events per transaction through `PostgresEventStore.record`).
    let appendS: Double
}
