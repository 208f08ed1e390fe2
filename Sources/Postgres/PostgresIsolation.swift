/// The isolation level a transaction started by `PostgresPool.withTransaction` runs at.
public enum PostgresIsolation: Sendable {
    /// PostgreSQL's default: each statement sees data committed before it began.
    case readCommitted
    /// One snapshot for the whole transaction; concurrent updates of the same row fail with 40001.
    case repeatableRead
    /// Serializable snapshot isolation: any non-serializable interleaving fails with 40001.
    case serializable

    /// The statement that opens a transaction at this level.
    var beginStatement: String {
        switch self {
        case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
        case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }
}
