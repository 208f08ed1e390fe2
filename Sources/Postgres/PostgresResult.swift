import CLibPQ

/// Owns one PGresult for the moment it takes to copy it into Swift values; `deinit` PQclear-s it.
///
/// Lives only on a connection's thread and never leaves this module, so the C pointer never escapes.
final class PostgresResult {
    private let handle: OpaquePointer

    // PG_DIAG_SQLSTATE ('C') and PG_DIAG_CONSTRAINT_NAME ('n') are character-literal macros, which Swift does not
    // import; these are their values from postgres_ext.h.
    private static let sqlStateField = Int32(UInt8(ascii: "C"))
    private static let constraintNameField = Int32(UInt8(ascii: "n"))

    private init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    /// Turns what PQexec/PQexecParams returned into rows or a PostgresError, and frees the result.
    static func make(
        _ result: OpaquePointer?,
        connection: OpaquePointer,
        query: String
    ) -> Result<PostgresOutcome, PostgresError> {
        guard let result else {
            // libpq returns NULL only when it could not even send the statement or allocate a result.
            return .failure(
                PostgresError(code: errorCode(connection), message: connectionMessage(connection), query: query))
        }
        return PostgresResult(result).outcome(connection: connection, query: query)
    }

    /// The connection's latest error message, trimmed.
    static func connectionMessage(_ connection: OpaquePointer) -> String {
        let message = trimmedCString(PQerrorMessage(connection))
        return message.isEmpty ? "unknown libpq connection error" : message
    }

    /// A C string as a Swift String without the trailing newline libpq appends; "" for NULL.
    static func trimmedCString(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        var text = Substring(String(cString: pointer))
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }

    /// A broken connection turns any failure into connectionFailed, so callers reconnect rather than retry on it.
    private static func errorCode(_ connection: OpaquePointer) -> PostgresError.Code {
        PQstatus(connection) == CONNECTION_BAD ? .connectionFailed : .queryFailed
    }

    private func outcome(connection: OpaquePointer, query: String) -> Result<PostgresOutcome, PostgresError> {
        let status = PQresultStatus(handle)
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            let tag = Self.trimmedCString(PQcmdStatus(handle))
            let affected = Int(Self.trimmedCString(PQcmdTuples(handle))) ?? 0
            return .success(PostgresOutcome(rows: rows(), affectedRows: affected, commandTag: tag))
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            // Nothing here drives the COPY sub-protocol; the connection would be left mid-COPY.
            return .failure(PostgresError(code: .queryFailed, message: "COPY is not supported", query: query))
        default:
            var message = Self.trimmedCString(PQresultErrorMessage(handle))
            if message.isEmpty { message = Self.connectionMessage(connection) }
            return .failure(
                PostgresError(
                    code: Self.errorCode(connection),
                    message: message,
                    sqlState: field(Self.sqlStateField),
                    query: query,
                    constraint: field(Self.constraintNameField)
                )
            )
        }
    }

    private func field(_ code: Int32) -> String? {
        guard let value = PQresultErrorField(handle, code) else { return nil }
        return String(cString: value)
    }

    private func rows() -> [PostgresRow] {
        let rowCount = PQntuples(handle)
        let columnCount = PQnfields(handle)
        var columnIndex: [String: Int] = [:]
        for column in 0..<columnCount {
            // With duplicate names (SELECT a.id, b.id) the first column wins, as in most drivers.
            let name = String(cString: PQfname(handle, column))
            if columnIndex[name] == nil { columnIndex[name] = Int(column) }
        }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(handle, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(handle, row, column)))
                }
            }
            rows.append(PostgresRow(columnIndex: columnIndex, values: values))
        }
        return rows
    }
}
