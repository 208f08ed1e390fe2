import Logging
import Postgres

/// Times the gap without an active relayer after the nemesis kills the active one: PostgreSQL's
/// view of the leader lock (`pg_locks`) is polled until another session holds it. Each fleet
/// instance connects with its name as `application_name`, so the holder is known by name.
struct RelayerTakeover: Sendable {
    /// The session holding the lock.
    struct Holder: Sendable, Equatable {
        let pid: Int
        let name: String
    }

    let url: String
    /// PostgresLeaderLock's default key.
    static let lockKey: Int64 = 727_002
    /// What SPEC-level scale-out promises: a standby takes over within a second.
    static let limit = Duration.seconds(1)

    /// The lock's holder now, or nil (no holder, or PostgreSQL unreachable).
    func holder() async -> Holder? {
        guard let connection = try? await PostgresConnection.connect(url: url, logger: Self.logger) else { return nil }
        defer { connection.close() }
        return await holder(on: connection)
    }

    /// How long after `killedAt` a session other than `previous` held the lock; nil when none did
    /// within five seconds.
    func wait(replacing previous: Holder, since killedAt: ContinuousClock.Instant) async -> Duration? {
        guard let connection = try? await PostgresConnection.connect(url: url, logger: Self.logger) else { return nil }
        defer { connection.close() }
        while killedAt.duration(to: .now) < .seconds(5) {
            if let current = await holder(on: connection), current.pid != previous.pid {
                return killedAt.duration(to: .now)
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    private func holder(on connection: PostgresConnection) async -> Holder? {
        let rows = try? await connection.query(
            """
            SELECT l.pid, coalesce(a.application_name, '') AS name FROM pg_locks l
            JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objid = ($1::bigint & 4294967295)::oid
            """, [Self.lockKey])
        guard let row = rows?.first, let pid = try? row.int("pid"), let name = try? row.string("name") else {
            return nil
        }
        return Holder(pid: pid, name: name)
    }

    private static let logger = Logger(label: "chaos.takeover")
}
