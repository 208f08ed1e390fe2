import CLibPQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension PostgresConnection {
    /// Subscribes this session to `channel` (LISTEN); the name is matched exactly, as `pg_notify(channel, …)` does.
    public func listen(_ channel: String) async throws(PostgresError) {
        // LISTEN takes an identifier, not a bound parameter: quote it so any name is safe and case is kept.
        try await execute("LISTEN \(Self.quotedIdentifier(channel))")
    }

    /// Ends this session's subscription to `channel` (UNLISTEN).
    public func unlisten(_ channel: String) async throws(PostgresError) {
        try await execute("UNLISTEN \(Self.quotedIdentifier(channel))")
    }

    /// Waits up to `timeout` for a NOTIFY on a listened channel; returns the channel names received (empty on
    /// timeout). Uses PQsocket + poll(2) + PQconsumeInput + PQnotifies, on the connection's thread.
    public func waitForNotifications(timeout: Duration) async throws(PostgresError) -> [String] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        return try await onThread(query: nil) { handle in
            Self.awaitNotifications(handle, until: deadline)
        }
    }

    /// `name` as a double-quoted SQL identifier.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    // MARK: - On the connection's thread only

    private static func awaitNotifications(
        _ handle: OpaquePointer,
        until deadline: ContinuousClock.Instant
    ) -> Result<[String], PostgresError> {
        while true {
            // Notifications may already sit in libpq's buffer, read along with an earlier statement's reply.
            guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
                return .failure(brokenConnection(handle))
            }
            let channels = drainNotifications(handle)
            if !channels.isEmpty { return .success(channels) }

            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return .success([]) }
            let socket = PQsocket(handle)
            guard socket >= 0 else { return .failure(brokenConnection(handle)) }

            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds(remaining))
            if ready < 0 && errno != EINTR {
                let message = "poll(2) on the connection socket failed: errno \(errno)"
                return .failure(PostgresError(code: .connectionFailed, message: message))
            }
            // Readable, interrupted or timed out: loop to consume input and re-check the deadline.
        }
    }

    private static func drainNotifications(_ handle: OpaquePointer) -> [String] {
        var channels: [String] = []
        while let notification = PQnotifies(handle) {
            channels.append(String(cString: notification.pointee.relname))
            PQfreemem(notification)
        }
        return channels
    }

    private static func brokenConnection(_ handle: OpaquePointer) -> PostgresError {
        PostgresError(code: .connectionFailed, message: PostgresResult.connectionMessage(handle))
    }

    /// Rounds up so a sub-millisecond remainder still waits instead of spinning.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(millis, 1))
    }
}
