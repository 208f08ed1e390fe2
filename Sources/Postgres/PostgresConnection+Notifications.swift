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
    ///
    /// Cancelling the calling task ends the wait early (within about 50 ms) with whatever arrived, usually [].
    public func waitForNotifications(timeout: Duration) async throws(PostgresError) -> [String] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        // Reset before installing the handler: if the task is already cancelled, onCancel runs at once and the
        // flag must survive until the thread reads it.
        notificationWaitCancelled.store(false, ordering: .releasing)
        let outcome: Result<[String], PostgresError> = await withTaskCancellationHandler {
            do throws(PostgresError) {
                return .success(
                    try await onThread(query: nil) { handle in
                        self.awaitNotifications(handle, until: deadline)
                    }
                )
            } catch {
                return .failure(error)
            }
        } onCancel: {
            notificationWaitCancelled.store(true, ordering: .releasing)
        }
        return try outcome.get()
    }

    /// `name` as a double-quoted SQL identifier.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    // MARK: - On the connection's thread only

    private func awaitNotifications(
        _ handle: OpaquePointer,
        until deadline: ContinuousClock.Instant
    ) -> Result<[String], PostgresError> {
        while true {
            // Notifications may already sit in libpq's buffer, read along with an earlier statement's reply.
            guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
                return .failure(Self.brokenConnection(handle))
            }
            let channels = Self.drainNotifications(handle)
            if !channels.isEmpty { return .success(channels) }

            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero, !notificationWaitCancelled.load(ordering: .acquiring) else { return .success([]) }
            let socket = PQsocket(handle)
            guard socket >= 0 else { return .failure(Self.brokenConnection(handle)) }

            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            // Short slices keep a cancelled wait from holding the connection until the full timeout.
            let ready = poll(&descriptor, 1, Self.milliseconds(min(remaining, Self.pollSlice)))
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

    private static let pollSlice = Duration.milliseconds(50)

    /// Rounds up so a sub-millisecond remainder still waits instead of spinning.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(millis, 1))
    }
}
