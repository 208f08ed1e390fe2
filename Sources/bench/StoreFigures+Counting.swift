import Postgres

extension StoreFigures {
    /// Counts the event store's rows whose timestamps (transaction start times) fall in the window.
    static func count(in pool: PostgresPool, from start: Int64, to end: Int64) async throws -> StoreFigures {
        func count(_ table: String, _ column: String) async throws -> Int {
            let sql = """
                SELECT count(*) AS n FROM \(table)
                WHERE \(column) >= to_timestamp($1::double precision) AND \(column) < to_timestamp($2::double precision)
                """
            let (from, to) = (String(Double(start) / 1e6), String(Double(end) / 1e6))
            let rows = try await pool.withConnection { connection in try await connection.query(sql, [from, to]) }
            return try rows.first?.int("n") ?? 0
        }
        let seconds = WallClock.seconds(from: start, to: end)
        let transactions = try await count("processed_messages", "processed_at")
        let appended = try await count("events", "recorded_at")
        let published = try await count("events", "published_at")
        return StoreFigures(
            handlerTransactions: transactions, handlerTransactionsPerS: Double(transactions) / seconds,
            eventsAppended: appended, eventsAppendedPerS: Double(appended) / seconds, eventsPublished: published,
            eventsPublishedPerS: Double(published) / seconds)
    }
}
