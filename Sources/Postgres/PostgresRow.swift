import CanonicalUUID

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One result row, copied out of libpq as text so it outlives the result it came from.
public struct PostgresRow: Sendable {
    // Every row of a result shares one copy-on-write index of column names.
    private let columnIndex: [String: Int]
    private let values: [String?]

    init(columnIndex: [String: Int], values: [String?]) {
        self.columnIndex = columnIndex
        self.values = values
    }

    /// The column names in result order.
    public var columnNames: [String] {
        columnIndex.sorted { $0.value < $1.value }.map(\.key)
    }

    /// The column's text; throws decodingFailed if the column is missing or NULL.
    public func string(_ column: String) throws(PostgresError) -> String {
        try required(column, "text") { $0 }
    }

    /// The column's text, nil for NULL; throws decodingFailed if the column is missing.
    public func optionalString(_ column: String) throws(PostgresError) -> String? {
        try text(column)
    }

    /// The column as a 64-bit integer; throws decodingFailed if missing, NULL or not an integer.
    public func int64(_ column: String) throws(PostgresError) -> Int64 {
        try required(column, "bigint") { Int64($0) }
    }

    /// The column as a 64-bit integer, nil for NULL; throws decodingFailed if missing or not an integer.
    public func optionalInt64(_ column: String) throws(PostgresError) -> Int64? {
        try optional(column, "bigint") { Int64($0) }
    }

    /// The column as an Int; throws decodingFailed if missing, NULL or not an integer.
    public func int(_ column: String) throws(PostgresError) -> Int {
        try required(column, "integer") { Int($0) }
    }

    /// The column as an Int, nil for NULL; throws decodingFailed if missing or not an integer.
    public func optionalInt(_ column: String) throws(PostgresError) -> Int? {
        try optional(column, "integer") { Int($0) }
    }

    /// The column as a Bool from the server's 't'/'f'; throws decodingFailed if missing, NULL or neither.
    public func bool(_ column: String) throws(PostgresError) -> Bool {
        try required(column, "boolean", Self.parseBool)
    }

    /// The column as a Bool, nil for NULL; throws decodingFailed if missing or not 't'/'f'.
    public func optionalBool(_ column: String) throws(PostgresError) -> Bool? {
        try optional(column, "boolean", Self.parseBool)
    }

    /// The column as a UUID; throws decodingFailed if missing, NULL or not a UUID.
    public func uuid(_ column: String) throws(PostgresError) -> UUID {
        try required(column, "uuid") { UUID(canonical: $0) }
    }

    /// The column as a UUID, nil for NULL; throws decodingFailed if missing or not a UUID.
    public func optionalUUID(_ column: String) throws(PostgresError) -> UUID? {
        try optional(column, "uuid") { UUID(canonical: $0) }
    }

    // MARK: - Decoding

    private static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "t", "true": true
        case "f", "false": false
        default: nil
        }
    }

    private func text(_ column: String) throws(PostgresError) -> String? {
        guard let index = columnIndex[column] else {
            let known = columnNames.joined(separator: ", ")
            throw PostgresError(code: .decodingFailed, message: "no column \"\(column)\" in row (columns: \(known))")
        }
        return values[index]
    }

    private func optional<T>(
        _ column: String,
        _ typeName: String,
        _ parse: (String) -> T?
    ) throws(PostgresError) -> T? {
        guard let raw = try text(column) else { return nil }
        guard let value = parse(raw) else {
            throw PostgresError(
                code: .decodingFailed,
                message: "column \"\(column)\" holds \"\(raw)\", which is not a valid \(typeName)"
            )
        }
        return value
    }

    private func required<T>(
        _ column: String,
        _ typeName: String,
        _ parse: (String) -> T?
    ) throws(PostgresError) -> T {
        guard let value = try optional(column, typeName, parse) else {
            throw PostgresError(code: .decodingFailed, message: "column \"\(column)\" is NULL, expected \(typeName)")
        }
        return value
    }
}
