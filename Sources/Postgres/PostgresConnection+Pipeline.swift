import CLibPQ

extension PostgresConnection {
    /// The most statements one `pipeline` call takes. The pipeline is written in libpq's blocking
    /// mode, so the server's answers pile up in the socket buffers until every statement is sent;
    /// a bounded batch of small answers keeps that far below what a buffer holds.
    public static let maxPipelineStatements = 256

    /// Sends every statement before reading any answer (libpq pipeline mode) and ends them with one
    /// sync: one round trip, and, outside an explicit transaction, one implicit transaction with one
    /// commit. Either every statement takes effect or none does; the error of the first failing
    /// statement says which one it was.
    ///
    /// Returns what each statement produced (rows, affected-row count), in order.
    @discardableResult
    public func pipeline(_ statements: [PostgresStatement]) async throws(PostgresError) -> [PostgresOutcome] {
        guard !statements.isEmpty else { return [] }
        guard statements.count <= Self.maxPipelineStatements else {
            throw PostgresError(
                code: .queryFailed,
                message: "a pipeline takes at most \(Self.maxPipelineStatements) statements, not \(statements.count)")
        }
        let prepared = try statements.map { statement throws(PostgresError) in
            (sql: statement.sql, texts: try Self.texts(of: statement))
        }
        return try await onThread(query: prepared.first?.sql) { handle in
            // Prepared before the pipeline starts (one round trip per new text, once per session), so inside it
            // every statement only binds and executes.
            var names: [String?] = []
            for (index, statement) in prepared.enumerated() {
                switch self.preparedName(of: statement.sql, on: handle) {
                case .success(let name): names.append(name)
                case .failure(var error):
                    error.message = "preparing statement \(index + 1) of \(prepared.count): \(error.message)"
                    return .failure(error)
                }
            }
            return Self.runPipeline(prepared, names: names, on: handle)
        }
    }

    /// Runs the pipeline on the connection's thread; always leaves pipeline mode before returning.
    private static func runPipeline(
        _ statements: [(sql: String, texts: [String?])], names: [String?], on handle: OpaquePointer
    ) -> Result<[PostgresOutcome], PostgresError> {
        guard PQenterPipelineMode(handle) == 1 else {
            return .failure(failure(handle, "could not enter pipeline mode", query: statements[0].sql))
        }
        defer { PQexitPipelineMode(handle) }
        var sendFailure: PostgresError?
        for (index, statement) in statements.enumerated() {
            let sent = withCStrings(statement.texts) { values in
                if let name = names[index] {
                    PQsendQueryPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
                } else {
                    PQsendQueryParams(handle, statement.sql, Int32(values.count), nil, values, nil, nil, 0)
                }
            }
            if sent != 1 {
                sendFailure = failure(
                    handle, "sending statement \(index + 1) of \(statements.count)", query: statement.sql)
                break
            }
        }
        // Sync even after a failed send, so the answers to what was sent can be read and discarded.
        if PQpipelineSync(handle) != 1, sendFailure == nil {
            sendFailure = failure(handle, "sending the pipeline's sync", query: statements[0].sql)
        }
        let answers = readAnswers(statements, on: handle)
        if let sendFailure { return .failure(sendFailure) }
        return answers
    }

    /// Reads one answer per statement, then the sync's. After a failing statement the server skips
    /// the rest (PGRES_PIPELINE_ABORTED) and rolls back what ran before it.
    private static func readAnswers(
        _ statements: [(sql: String, texts: [String?])], on handle: OpaquePointer
    ) -> Result<[PostgresOutcome], PostgresError> {
        var outcomes: [PostgresOutcome] = []
        var firstError: PostgresError?
        var index = 0
        var nullsInARow = 0
        while true {
            guard let result = PQgetResult(handle) else {
                // One NULL ends each statement's answers; a second in a row means nothing more will come.
                nullsInARow += 1
                if nullsInARow > 1 || PQstatus(handle) == CONNECTION_BAD { break }
                continue
            }
            nullsInARow = 0
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            let query = statements[min(index, statements.count - 1)].sql
            if status == PGRES_PIPELINE_ABORTED {
                PQclear(result)
            } else {
                switch PostgresResult.make(result, connection: handle, query: query) {
                case .success(let outcome): outcomes.append(outcome)
                case .failure(var error):
                    error.message = "statement \(index + 1) of \(statements.count): \(error.message)"
                    if firstError == nil { firstError = error }
                }
            }
            index += 1
        }
        if let firstError { return .failure(firstError) }
        guard outcomes.count == statements.count else {
            return .failure(
                failure(
                    handle, "pipeline ended after \(outcomes.count) of \(statements.count) answers",
                    query: statements[0].sql))
        }
        return .success(outcomes)
    }

    private static func failure(_ handle: OpaquePointer, _ what: String, query: String) -> PostgresError {
        PostgresError(
            code: PQstatus(handle) == CONNECTION_BAD ? .connectionFailed : .queryFailed,
            message: "\(what): \(PostgresResult.connectionMessage(handle))", query: query)
    }
}
