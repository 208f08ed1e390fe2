import Postgres
import Testing

@Suite("PostgresBootstrap against a real server")
struct PostgresBootstrapTests {
    @Test("createDatabaseIfMissing creates once, then is a no-op, also when racing itself")
    func createDatabaseIsIdempotent() async throws {
        let name = TestDatabase.uniqueName("pgtest")
        let admin = try await PostgresConnection.connect(url: TestDatabase.url, logger: TestDatabase.logger)
        defer { admin.close() }
        let url = "postgres://postgres:postgres@127.0.0.1:5432/\(name)"
        let targetURL = Self.replacingDatabase(in: TestDatabase.url, with: name) ?? url

        do {
            async let first: Void = PostgresBootstrap.createDatabaseIfMissing(
                url: targetURL, logger: TestDatabase.logger)
            async let second: Void = PostgresBootstrap.createDatabaseIfMissing(
                url: targetURL, logger: TestDatabase.logger)
            async let third: Void = PostgresBootstrap.createDatabaseIfMissing(
                url: targetURL, logger: TestDatabase.logger)
            _ = try await (first, second, third)
            try await PostgresBootstrap.createDatabaseIfMissing(url: targetURL, logger: TestDatabase.logger)

            let found = try await admin.query("SELECT count(*) AS n FROM pg_database WHERE datname = $1", [name])
            #expect(try found.first?.int("n") == 1)
            let inside = try await PostgresConnection.connect(url: targetURL, logger: TestDatabase.logger)
            #expect(try await inside.query("SELECT current_database() AS db").first?.string("db") == name)
            inside.close()
        } catch {
            _ = try? await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
        try await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    @Test("createDatabaseIfMissing refuses a name it would have to quote")
    func refusesUnsafeName() async throws {
        let url = Self.replacingDatabase(in: TestDatabase.url, with: "Bad%22Name") ?? ""
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresBootstrap.createDatabaseIfMissing(url: url, logger: TestDatabase.logger)
        }
        #expect(error?.message.contains("[a-z_][a-z0-9_]*") == true)
    }

    @Test("waitUntilReachable returns at once for a live server and gives up on a dead one")
    func waitUntilReachable() async throws {
        try await PostgresBootstrap.waitUntilReachable(
            url: TestDatabase.url, timeout: .seconds(5), logger: TestDatabase.logger)

        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresBootstrap.waitUntilReachable(
                url: "postgres://postgres:postgres@127.0.0.1:1/postgres",
                timeout: .milliseconds(700),
                logger: TestDatabase.logger
            )
        }
        let elapsed = start.duration(to: clock.now)
        #expect(error?.code == .connectionFailed)
        #expect(elapsed >= .milliseconds(700))
        #expect(elapsed < .seconds(4))
    }

    /// Swaps the path of a `postgres://…/db?…` URI; nil if the URL has no path.
    private static func replacingDatabase(in url: String, with database: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return url + "/" + database }
        let query = afterScheme[slash...].firstIndex(of: "?").map { String(url[$0...]) } ?? ""
        return String(url[..<slash]) + "/" + database + query
    }
}
