/// What a successful statement produced, copied out of libpq.
struct PostgresOutcome: Sendable {
    /// The returned rows (empty for commands without a result set).
    var rows: [PostgresRow]
    /// PQcmdTuples: rows inserted, updated, deleted, selected…; 0 when the command reports none.
    var affectedRows: Int
    /// PQcmdStatus, e.g. "INSERT 0 1" or "ROLLBACK" (what a COMMIT of an aborted transaction reports).
    var commandTag: String
}
