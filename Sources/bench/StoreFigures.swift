/// What the event store recorded during the load window, counted in its own tables.
struct StoreFigures: Codable, Sendable {
    /// Rows of `processed_messages`: one per handler transaction (commands and saga reactions).
    let handlerTransactions: Int
    let handlerTransactionsPerS: Double
    let eventsAppended: Int
    let eventsAppendedPerS: Double
    let eventsPublished: Int
    let eventsPublishedPerS: Double
}
