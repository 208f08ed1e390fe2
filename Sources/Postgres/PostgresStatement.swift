/// A statement with its bound parameters ($1, $2 …), for sending several at once.
public struct PostgresStatement: Sendable {
    public var sql: String
    public var parameters: [(any PostgresBindable)?]

    public init(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}
