import Foundation
import Logging
import Postgres

/// The read models' tables as text rows, to compare the live projection with a rebuild, and the
/// investors' money, to check it against the event store.
struct ReadModelSnapshot: Sendable {
    /// An investor's money as the read model shows it.
    struct Money: Sendable, Equatable {
        let balance: Int64
        let reserved: Int64
        let committed: Int64
    }

    /// The projected tables; names (from Registering, not the event store) are left out.
    static let tables = ["investors", "invoices", "issuers"]

    let rows: [String: [String]]
    let investors: [UUID: Money]

    static func load(url: String, logger: Logger) async throws -> ReadModelSnapshot {
        let connection = try await PostgresConnection.connect(url: url, logger: logger)
        defer { connection.close() }
        var rows: [String: [String]] = [:]
        for table in tables {
            rows[table] = try await connection.query("SELECT row(t.*)::text AS r FROM \(table) t ORDER BY 1")
                .map { try $0.string("r") }
        }
        var investors: [UUID: Money] = [:]
        for row in try await connection.query("SELECT investor_id, balance, reserved, committed FROM investors") {
            investors[try row.uuid("investor_id")] = Money(
                balance: try row.int64("balance"), reserved: try row.int64("reserved"),
                committed: try row.int64("committed"))
        }
        return ReadModelSnapshot(rows: rows, investors: investors)
    }

    /// One line per table that differs from `other`, naming a differing row.
    func differences(from other: ReadModelSnapshot) -> [String] {
        Self.tables.compactMap { table in
            let mine = Set(rows[table] ?? [])
            let theirs = Set(other.rows[table] ?? [])
            guard mine != theirs else { return nil }
            let example = mine.subtracting(theirs).first ?? theirs.subtracting(mine).first ?? ""
            return "\(table): \(mine.subtracting(theirs).count) live rows not in the rebuild, "
                + "\(theirs.subtracting(mine).count) rebuilt rows not live (e.g. \(example))"
        }
    }
}
