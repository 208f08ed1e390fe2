import CLibPQ
import Logging
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One libpq connection. Used by one task at a time (the pool guarantees it); every blocking libpq call runs on
/// this connection's own NIOThreadPool thread, never on Swift's cooperative pool.
///
/// Why a thread per connection rather than `NIOThreadPool.singleton`: the singleton has one thread per core (two
/// here), and a statement waiting on a row lock blocks its thread until the lock holder commits. With a shared
/// pool, two such waiters would occupy every thread and the holder's COMMIT could never run — a deadlock no
/// database timeout resolves. One thread per connection mirrors PostgreSQL's own process per connection.
public final class PostgresConnection: @unchecked Sendable {
    // Invariant that makes @unchecked Sendable sound: `handle` (the PGconn) is read and written only by work
    // items on `thread`, a one-thread pool owned by this connection, so libpq never sees two threads at once,
    // and `deinit` touches it only when no work item can exist (each one retains `self`). Everything else is
    // immutable or an atomic. `statements` is confined to `thread` the same way.
    private var handle: OpaquePointer?
    private let statements: PreparedStatements
    private let thread: NIOThreadPool
    private let noticeSink: NoticeSink
    private let healthy = Atomic<Bool>(false)
    private let idleOutsideTransaction = Atomic<Bool>(true)
    private let closeRequested = Atomic<Bool>(false)
    /// Set when the task in `waitForNotifications` is cancelled; the wait polls in short slices and checks it.
    let notificationWaitCancelled = Atomic<Bool>(false)
    let logger: Logger

    private init(thread: NIOThreadPool, statementCapacity: Int, logger: Logger) {
        self.thread = thread
        self.statements = PreparedStatements(capacity: statementCapacity)
        self.logger = logger
        self.noticeSink = NoticeSink(logger: logger)
    }

    deinit {
        if let handle { PQfinish(handle) }
        if !closeRequested.load(ordering: .acquiring) {
            // Non-blocking: the pool joins its thread elsewhere, so this is safe even on that very thread.
            thread.shutdownGracefully { _ in }
        }
    }

    /// Opens a connection to a libpq URI such as `postgres://user:password@host:5432/database`.
    public static func connect(url: String, logger: Logger) async throws(PostgresError) -> PostgresConnection {
        try await connect(url: url, overriding: [:], logger: logger)
    }

    /// Opens a connection to `url` with some of its parameters (e.g. `dbname`) replaced.
    static func connect(
        url: String,
        overriding overrides: [String: String],
        statementCapacity: Int = PreparedStatements.defaultCapacity,
        logger: Logger
    ) async throws(PostgresError) -> PostgresConnection {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let connection = PostgresConnection(thread: thread, statementCapacity: statementCapacity, logger: logger)
        let opened: Result<Void, PostgresError> = await withCheckedContinuation { continuation in
            thread.submit { _ in continuation.resume(returning: connection.open(url: url, overrides: overrides)) }
        }
        do {
            try opened.get()
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Runs one statement with bound parameters ($1, $2 …), text format, and returns all rows. The first call with a
    /// given SQL text prepares it on this session (see `PreparedStatements`); later ones only bind and execute.
    @discardableResult
    public func query(
        _ sql: String,
        _ parameters: [(any PostgresBindable)?] = []
    ) async throws(PostgresError) -> [PostgresRow] {
        try await run(sql, parameters).rows
    }

    /// Runs one statement and returns the number of affected rows (PQcmdTuples).
    @discardableResult
    public func execute(
        _ sql: String,
        _ parameters: [(any PostgresBindable)?] = []
    ) async throws(PostgresError) -> Int {
        try await run(sql, parameters).affectedRows
    }

    /// Runs several statements separated by ';' with no parameters (PQexec), for schema migrations.
    public func executeScript(_ sql: String) async throws(PostgresError) {
        _ = try await onThread(query: sql) { handle in
            PostgresResult.make(PQexec(handle, sql), connection: handle, query: sql)
        }
    }

    /// True while libpq reports CONNECTION_OK; turns false once a call finds the connection broken, or after close().
    public var isHealthy: Bool { healthy.load(ordering: .acquiring) }

    /// True when the last call left the session outside any transaction block, so it can be handed to someone else.
    var isIdleOutsideTransaction: Bool { idleOutsideTransaction.load(ordering: .acquiring) }

    /// Closes the connection after any call already running on it; idempotent, and later calls fail with
    /// connectionFailed.
    public func close() {
        guard closeRequested.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        healthy.store(false, ordering: .releasing)
        thread.submit { state in
            if case .active = state, let handle = self.handle {
                PQfinish(handle)
                self.handle = nil
            }
            self.thread.shutdownGracefully { _ in }
        }
    }

    // MARK: - Running work on the connection's thread

    /// Sends a statement with text parameters and collects its outcome.
    func run(_ sql: String, _ parameters: [(any PostgresBindable)?]) async throws(PostgresError) -> PostgresOutcome {
        let texts = try Self.texts(of: PostgresStatement(sql, parameters))
        return try await onThread(query: sql) { handle in
            let name: String?
            switch self.preparedName(of: sql, on: handle) {
            case .success(let prepared): name = prepared
            case .failure(let error): return .failure(error)
            }
            let result = PostgresConnection.withCStrings(texts) { values in
                if let name {
                    PQexecPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
                } else {
                    PQexecParams(handle, sql, Int32(values.count), nil, values, nil, nil, 0)
                }
            }
            return PostgresResult.make(result, connection: handle, query: sql)
        }
    }

    /// On the connection's thread: the name `sql` is prepared under, preparing it the first time (nil once the
    /// session holds its capacity: the statement then runs unnamed). A statement the server refuses to prepare
    /// fails here with the error running it would have given.
    func preparedName(of sql: String, on handle: OpaquePointer) -> Result<String?, PostgresError> {
        if let name = statements.name(of: sql) { return .success(name) }
        guard let name = statements.nextName() else { return .success(nil) }
        // No parameter types: the server infers them, exactly as for an unnamed PQexecParams.
        switch PostgresResult.make(PQprepare(handle, name, sql, 0, nil), connection: handle, query: sql) {
        case .success:
            statements.remember(sql, as: name)
            return .success(name)
        case .failure(let error):
            return .failure(error)
        }
    }

    /// How many statements this session has prepared (for tests).
    var preparedStatementCount: Int {
        get async throws(PostgresError) {
            try await onThread(query: nil) { _ in .success(self.statements.count) }
        }
    }

    /// The parameters as the text libpq sends.
    static func texts(of statement: PostgresStatement) throws(PostgresError) -> [String?] {
        let texts = statement.parameters.map { $0?.postgresText }
        if let position = texts.firstIndex(where: { $0?.utf8.contains(0) ?? false }) {
            // A C string would silently end at the NUL; PostgreSQL text cannot hold one anyway.
            throw PostgresError(
                code: .queryFailed,
                message: "parameter $\(position + 1) contains a NUL byte, which PostgreSQL text cannot hold",
                query: statement.sql
            )
        }
        return texts
    }

    /// Runs `body` with the live PGconn on this connection's thread and refreshes the cached status afterwards.
    func onThread<T: Sendable>(
        query: String?,
        _ body: @escaping @Sendable (OpaquePointer) -> Result<T, PostgresError>
    ) async throws(PostgresError) -> T {
        let result: Result<T, PostgresError> = await withCheckedContinuation { continuation in
            thread.submit { state in
                guard case .active = state, let handle = self.handle else {
                    let error = PostgresError(code: .connectionFailed, message: "connection is closed", query: query)
                    continuation.resume(returning: .failure(error))
                    return
                }
                let outcome = body(handle)
                self.refreshStatus(handle)
                continuation.resume(returning: outcome)
            }
        }
        return try result.get()
    }

    // MARK: - On the connection's thread only

    private func open(url: String, overrides: [String: String]) -> Result<Void, PostgresError> {
        // With expand_dbname, the first "dbname" is read as a whole URI or key=value string and the later
        // keywords override what it says; that is how the maintenance database replaces the target one.
        let parameters = PostgresConnectionDefaults.missing(from: url).merging(overrides) { _, override in override }
        let keywords = ["dbname"] + parameters.keys
        let values = [url] + parameters.values
        let connected = Self.withCStrings(keywords) { keywords in
            Self.withCStrings(values) { values in
                PQconnectdbParams(keywords + [nil], values + [nil], 1)
            }
        }
        guard let handle = connected else {
            return .failure(PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection"))
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = PostgresResult.connectionMessage(handle)
            PQfinish(handle)
            return .failure(PostgresError(code: .connectionFailed, message: message))
        }
        // Rows are decoded as Swift Strings, which are UTF-8.
        guard PQsetClientEncoding(handle, "UTF8") == 0 else {
            let message = PostgresResult.connectionMessage(handle)
            PQfinish(handle)
            return .failure(PostgresError(code: .connectionFailed, message: message))
        }
        // Route NOTICE/WARNING messages to the logger instead of libpq's default of printing to stderr.
        PQsetNoticeReceiver(handle, noticeReceiver, Unmanaged.passUnretained(noticeSink).toOpaque())
        self.handle = handle
        refreshStatus(handle)
        logger.debug("postgres connection opened", metadata: ["backend_pid": "\(PQbackendPID(handle))"])
        return .success(())
    }

    private func refreshStatus(_ handle: OpaquePointer) {
        let usable = PQstatus(handle) == CONNECTION_OK && !closeRequested.load(ordering: .acquiring)
        healthy.store(usable, ordering: .releasing)
        idleOutsideTransaction.store(PQtransactionStatus(handle) == PQTRANS_IDLE, ordering: .releasing)
    }

    /// Lends `strings` to C as NUL-terminated copies (nil stays NULL) for the duration of `body`.
    static func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { $0.flatMap { strdup($0) } }
        defer {
            for copy in copies { free(copy) }
        }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}

/// Holds the logger handed to libpq's notice receiver; it outlives the PGconn because the connection owns it.
private final class NoticeSink {
    let logger: Logger
    init(logger: Logger) { self.logger = logger }
}

/// libpq calls this on the connection's thread for each NOTICE or WARNING the server sends.
private func noticeReceiver(_ context: UnsafeMutableRawPointer?, _ result: OpaquePointer?) {
    guard let context, let result else { return }
    let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
    let message = PostgresResult.trimmedCString(PQresultErrorMessage(result))
    sink.logger.debug("postgres notice", metadata: ["message": "\(message)"])
}
