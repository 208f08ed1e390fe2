import Foundation
import Logging
import Postgres

/// What the stores and the processes' logs show when quiescence was not reached: where each follower of
/// the event store stands, what holds the feed back (a transaction still open keeps every later one
/// unread), who holds the leader locks, what is parked, and each process's last warning. A run on a
/// CI machine leaves only its printed output, so this is what tells a wedge from slowness there.
struct StuckReport: Sendable {
    let eventStoreURL: String
    let readModelURL: String
    let logDirectory: URL
    let logger: Logger

    func lines() async -> [String] {
        var lines: [String] = []
        do {
            let store = try await PostgresConnection.connect(url: eventStoreURL, logger: logger)
            defer { store.close() }
            lines += try await followers(store, "event store")
            if let readModels = try? await PostgresConnection.connect(url: readModelURL, logger: logger) {
                defer { readModels.close() }
                lines += (try? await followers(readModels, "read models")) ?? []
            }
            lines += try await feed(store)
            lines += try await sessions(store)
            lines += try await store.query(
                """
                SELECT topic, count(*) AS n, min(reason) AS reason FROM dead_letters WHERE redriven_at IS NULL
                GROUP BY topic ORDER BY topic
                """
            ).map {
                "parked on \(try $0.string("topic")): \(try $0.int("n")) (e.g. \(try $0.string("reason").prefix(160)))"
            }
        } catch {
            lines.append("the event store could not be read: \(error)")
        }
        return lines + lastWarnings()
    }

    private func followers(_ connection: PostgresConnection, _ database: String) async throws -> [String] {
        try await connection.query(
            """
            SELECT name, transaction_id::text AS transaction_id, position,
                   round(extract(epoch FROM now() - updated_at))::int AS age FROM subscriptions ORDER BY name
            """
        ).map {
            "follower \(try $0.string("name")) (\(database)): at \(try $0.string("transaction_id"))/"
                + "\(try $0.int64("position")), saved \(try $0.int("age")) s ago"
        }
    }

    private func feed(_ store: PostgresConnection) async throws -> [String] {
        try await store.query(
            """
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
                   (SELECT count(*) FROM events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS held,
                   (SELECT count(*) FROM events e JOIN subscriptions s ON s.name = 'policies'
                    WHERE (e.transaction_id, e.position) > (s.transaction_id, s.position)) AS unfollowed
            """
        ).map {
            "feed: oldest running transaction \(try $0.string("xmin")), \(try $0.int("held")) events at or after it "
                + "not readable yet; \(try $0.int("unfollowed")) events after the policies' position"
        }
    }

    /// Sessions in a transaction or doing something, oldest transaction first.
    private func sessions(_ store: PostgresConnection) async throws -> [String] {
        try await store.query(
            """
            SELECT pid, datname, state, coalesce(wait_event_type || ':' || wait_event, '-') AS waiting,
                   coalesce(backend_xid::text, '-') AS xid, coalesce(backend_xmin::text, '-') AS xmin,
                   coalesce(round(extract(epoch FROM now() - xact_start))::int, -1) AS age,
                   EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted) AS leader,
                   left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
            FROM pg_stat_activity a
            WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
              AND (state <> 'idle' OR backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)
            ORDER BY xact_start NULLS LAST LIMIT 10
            """
        ).map {
            "session \(try $0.int("pid")) on \(try $0.string("datname")): \(try $0.string("state")), "
                + "waiting \(try $0.string("waiting")), xid \(try $0.string("xid")), xmin \(try $0.string("xmin")), "
                + "transaction \(try $0.int("age")) s\(try $0.bool("leader") ? ", holds a leader lock" : ""): "
                + (try $0.string("query"))
        }
    }

    /// The last warning in each process's log.
    private func lastWarnings() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: logDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".log") && $0.contains("-") }.sorted().compactMap { name in
            let text = (try? String(contentsOf: logDirectory.appendingPathComponent(name), encoding: .utf8)) ?? ""
            guard let line = text.split(separator: "\n").last(where: { $0.contains(" warning ") }) else { return nil }
            return "\(name): \(line.prefix(220))"
        }
    }
}
