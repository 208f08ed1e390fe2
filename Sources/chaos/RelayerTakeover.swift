import Foundation
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

    /// The session that held the lock after `previous`, and how long after `killedAt` this poll saw
    /// it; nil when none did within five seconds. The poll's figure is an upper bound: the harness's
    /// own threads are busy, so the new holder's `leaderSince` (its clock) is the precise one.
    func wait(replacing previous: Holder, since killedAt: ContinuousClock.Instant) async -> (
        holder: Holder, seen: Duration
    )? {
        guard let connection = try? await PostgresConnection.connect(url: url, logger: Self.logger) else { return nil }
        defer { connection.close() }
        while killedAt.duration(to: .now) < .seconds(5) {
            if let current = await holder(on: connection), current.pid != previous.pid {
                return (current, killedAt.duration(to: .now))
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// When `instance` became the active relayer by its own clock (Unix seconds), from its
    /// `financing_relayer_role_since_seconds` gauge; nil when it does not lead or cannot be asked.
    static func leaderSince(_ instance: ServiceInstance, page: URL) async -> Double? {
        guard let port = instance.metricsPort else { return nil }
        let curl = ["curl", "-sf", "--max-time", "2", "-o", page.path, "http://127.0.0.1:\(port)/metrics"]
        let log = page.deletingPathExtension().appendingPathExtension("curl.log")
        guard (try? await ChildProcess.run("/usr/bin/env", curl, log: log, timeout: .seconds(5))) == .status(0),
            let text = try? String(contentsOf: page, encoding: .utf8)
        else { return nil }
        func gauge(_ name: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                .flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }
        }
        guard gauge("financing_relayer_leader") == 1 else { return nil }
        return gauge("financing_relayer_role_since_seconds")
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
