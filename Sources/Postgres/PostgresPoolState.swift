/// The pool's bookkeeping: idle connections, how many exist, and the FIFO queue of callers waiting for one.
///
/// An actor so waiting suspends a task instead of blocking a thread; the slow parts (connecting, closing)
/// happen outside it so one caller's connect never stalls another's release.
actor PostgresPoolState {
    /// What a caller receives: a connection to reuse, or a reserved slot to open a new one in.
    enum Grant: Sendable {
        /// An idle, healthy connection now lent to the caller.
        case reuse(PostgresConnection)
        /// A slot counted against the maximum; the caller connects and must call `slotFreed()` if that fails.
        case create
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Grant, any Error>
    }

    private let maxConnections: Int
    /// Connections that exist or are being opened, lent or idle; never above `maxConnections`.
    private(set) var openCount = 0
    /// The highest `openCount` ever reached, so tests can check the bound without a database.
    private(set) var peakOpenCount = 0
    private var idle: [PostgresConnection] = []
    private var waiters: [Waiter] = []
    private var isClosed = false

    init(maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
    }

    /// Lends an idle connection, reserves a slot for a new one, or waits in line for either.
    func acquire(waiterID: UInt64) async throws -> Grant {
        if isClosed { throw Self.closedError }
        while let connection = idle.popLast() {
            // A connection can break while idle (server restart, pg_terminate_backend); drop those we know of.
            if connection.isHealthy { return .reuse(connection) }
            connection.close()
            openCount -= 1
        }
        if openCount < maxConnections {
            reserveSlot()
            return .create
        }
        // Checked here, in the same actor turn as the enqueue, so a cancellation racing with us is either seen
        // now or finds the waiter in the queue.
        try Task.checkCancellation()
        return try await withCheckedThrowingContinuation { continuation in
            waiters.append(Waiter(id: waiterID, continuation: continuation))
        }
    }

    /// Takes a healthy connection back, handing it straight to the longest waiter if there is one.
    func release(_ connection: PostgresConnection) {
        if isClosed {
            connection.close()
            openCount -= 1
        } else if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().continuation.resume(returning: .reuse(connection))
        }
    }

    /// Forgets a connection that was discarded or never opened, letting the longest waiter open a new one.
    func slotFreed() {
        openCount -= 1
        if !isClosed, !waiters.isEmpty {
            reserveSlot()
            waiters.removeFirst().continuation.resume(returning: .create)
        }
    }

    /// Removes a cancelled caller from the queue; a no-op if it was already served.
    func cancelWaiter(_ waiterID: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == waiterID }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Refuses further callers, fails the waiting ones, and returns the idle connections for closing.
    func close() -> [PostgresConnection] {
        isClosed = true
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.continuation.resume(throwing: Self.closedError) }
        let connections = idle
        idle.removeAll()
        openCount -= connections.count
        return connections
    }

    private func reserveSlot() {
        openCount += 1
        peakOpenCount = max(peakOpenCount, openCount)
    }

    private static var closedError: PostgresError {
        PostgresError(code: .poolClosed, message: "the connection pool is closed")
    }
}
