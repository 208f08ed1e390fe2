import CanonicalUUID

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A value bound to a query parameter; always sent in text format, NULL when nil.
public protocol PostgresBindable: Sendable {
    /// The value's PostgreSQL text representation, as the server's input function expects it.
    var postgresText: String { get }
}

extension String: PostgresBindable {
    /// The string itself: bound parameters need no quoting or escaping.
    public var postgresText: String { self }
}

extension Int: PostgresBindable {
    /// Decimal digits, accepted by integer, bigint and numeric columns.
    public var postgresText: String { String(self) }
}

extension Int32: PostgresBindable {
    /// Decimal digits, accepted by integer, bigint and numeric columns.
    public var postgresText: String { String(self) }
}

extension Int64: PostgresBindable {
    /// Decimal digits, accepted by bigint and numeric columns.
    public var postgresText: String { String(self) }
}

extension Bool: PostgresBindable {
    /// "true" or "false", the boolean input syntax.
    public var postgresText: String { self ? "true" : "false" }
}

extension UUID: PostgresBindable {
    /// The lowercase canonical form, which is also how the server prints a uuid.
    public var postgresText: String { canonicalText }
}
