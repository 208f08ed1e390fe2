import Foundation
import Logging
import Postgres

/// Where the integration tests find PostgreSQL, and how each test gets a schema of its own.
enum TestDatabase {
    /// The server URL from FINANCING_TEST_POSTGRES_URL, or the local default.
    static let url: String =
        ProcessInfo.processInfo.environment["FINANCING_TEST_POSTGRES_URL"]
        ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres"

    static let logger = Logger(label: "PostgresTests")

    /// A fresh lowercase identifier such as `t_3f9c…`, unique per call.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    }

    /// `url` with extra libpq URI parameters appended (values are percent-encoded).
    static func url(_ base: String = url, parameters: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "_-.")
        let query = parameters.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        return base + (base.contains("?") ? "&" : "?") + query
    }

    /// Runs `body` with a URL whose sessions use a new, empty schema (via `options=-c search_path=…`), then drops it.
    static func withSchema<R>(_ body: (_ url: String) async throws -> R) async throws -> R {
        let schema = uniqueName("t")
        let admin = try await PostgresConnection.connect(url: url, logger: logger)
        defer { admin.close() }
        try await admin.execute("CREATE SCHEMA \(schema)")
        let schemaURL = self.url(parameters: ["options": "-c search_path=\(schema)"])
        do {
            let result = try await body(schemaURL)
            try await admin.execute("DROP SCHEMA \(schema) CASCADE")
            return result
        } catch {
            _ = try? await admin.execute("DROP SCHEMA \(schema) CASCADE")
            throw error
        }
    }

    /// A connection whose search_path is a new schema, plus that schema's URL for pools.
    static func withConnection<R>(_ body: (PostgresConnection, _ url: String) async throws -> R) async throws -> R {
        try await withSchema { url in
            let connection = try await PostgresConnection.connect(url: url, logger: logger)
            defer { connection.close() }
            return try await body(connection, url)
        }
    }
}

/// An error thrown by test bodies to force a rollback.
struct IntentionalFailure: Error, Equatable {}
