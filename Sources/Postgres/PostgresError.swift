/// An infrastructure failure from PostgreSQL or from this wrapper, with the server's SQLSTATE when it sent one.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of step failed; the SQLSTATE refines `queryFailed`.
    public enum Code: Sendable, Equatable {
        /// The connection could not be opened, or it broke (or was closed) under a query.
        case connectionFailed
        /// The server rejected or failed the statement; see `sqlState`.
        case queryFailed
        /// The pool was closed before or while a caller waited for a connection.
        case poolClosed
        /// A column was missing, NULL where a value was required, or not parseable as the requested type.
        case decodingFailed
    }

    /// What kind of step failed.
    public var code: Code
    /// The server's or the wrapper's human-readable message (trailing newlines removed).
    public var message: String
    /// The five-character SQLSTATE the server reported (e.g. "23505"), if any.
    public var sqlState: String?
    /// The statement that failed, if the failure belongs to one.
    public var query: String?
    /// The violated constraint's name (PG_DIAG_CONSTRAINT_NAME) when the server reported one.
    public var constraint: String?

    /// Creates an error; `message` is trimmed of libpq's trailing newline.
    public init(
        code: Code,
        message: String,
        sqlState: String? = nil,
        query: String? = nil,
        constraint: String? = nil
    ) {
        self.code = code
        self.message = PostgresError.trimmed(message)
        self.sqlState = sqlState
        self.query = query
        self.constraint = constraint
    }

    /// True for unique_violation (23505): the row already exists.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// True for serialization_failure (40001) or deadlock_detected (40P01): the transaction may be retried as a whole.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// True for data exceptions (class 22: a value out of range, invalid text) and integrity constraint
    /// violations (class 23): the server refuses the data itself, so the same statement fails for ever.
    public var isPermanent: Bool {
        guard code == .queryFailed, let sqlState else { return false }
        return sqlState.hasPrefix("22") || sqlState.hasPrefix("23")
    }

    /// True when the connection itself is gone or unusable: reconnect (the pool does) rather than retry on it.
    public var isConnectionFailure: Bool {
        if code == .connectionFailed { return true }
        guard let sqlState else { return false }
        // Class 08 is connection_exception; 57P01-57P05 are admin shutdown, crash shutdown,
        // cannot-connect-now, database dropped and idle-session timeout: all end the session.
        return sqlState.hasPrefix("08") || sqlState.hasPrefix("57P0")
    }

    /// One line for logs: code, SQLSTATE, constraint, message and the statement.
    public var description: String {
        var text = "PostgresError.\(code)"
        if let sqlState { text += " [\(sqlState)]" }
        if let constraint { text += " (constraint \(constraint))" }
        text += ": \(message)"
        if let query { text += " — query: \(query)" }
        return text
    }

    private static func trimmed(_ message: String) -> String {
        var text = Substring(message)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
