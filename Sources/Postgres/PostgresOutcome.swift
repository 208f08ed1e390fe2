/// What a successful statement produced, copied out of libpq.
public struct PostgresOutcome: Sendable {
    /// The returned rows (empty for commands without a result set).
    public var rows: [PostgresRow]
    /// PQcmdTuples: rows inserted, updated, deleted, selected…; 0 when the command reports none.
    public var affectedRows: Int
    /// PQcmdStatus, e.g. "INSERT 0 1" or "ROLLBACK" (what a COMMIT of an aborted transaction reports).
    public var commandTag: String
}
