/// libpq settings every connection gets unless its connection string sets them.
///
/// Why: libpq's and the server's own defaults wait for ever. Without `connect_timeout` a connect to a
/// host that drops packets hangs until the kernel gives up (minutes); without keepalives and
/// `tcp_user_timeout` a connection whose server vanished (a failover, a cable) is noticed only when the
/// next query's TCP retransmissions run out, about 15 minutes on Linux. With these, a dead server shows
/// as a failed query within about a minute, and the pool opens a fresh connection.
///
/// The server-side limits travel in libpq's `options` (`-c name=value`): a statement blocked on a lock
/// or a runaway scan is cancelled after `statement_timeout` (SQLSTATE 57014, retried like any transient
/// failure), and a session left idle inside a transaction (a stuck holder, a bug) is ended after
/// `idle_in_transaction_session_timeout`, so it cannot hold back the event store's feed (its xmin) or
/// hold row locks for ever. Nothing this service runs needs 30 s for one statement; a string that sets
/// either in its own `options` keeps its value.
enum PostgresConnectionDefaults {
    static let settings: [String: String] = [
        "connect_timeout": "5",
        "keepalives": "1",
        "keepalives_idle": "30",
        "keepalives_interval": "10",
        "keepalives_count": "3",
        "tcp_user_timeout": "60000",
    ]

    /// Server settings sent at connect time through `options`.
    static let serverSettings: [(name: String, value: String)] = [
        ("statement_timeout", "30s"),
        ("idle_in_transaction_session_timeout", "60s"),
    ]

    /// The defaults `connectionString` does not set itself; empty when it does not parse (the connect
    /// then fails with libpq's own message). `options` keeps what the string gives and gains the server
    /// settings it does not mention.
    static func missing(from connectionString: String) -> [String: String] {
        guard let given = try? PostgresConnectionString.parameters(of: connectionString) else { return [:] }
        var missing = settings.filter { given[$0.key] == nil }
        let givenOptions = given["options"] ?? ""
        let added = serverSettings.filter { !givenOptions.contains($0.name) }.map { "-c \($0.name)=\($0.value)" }
        if !added.isEmpty {
            missing["options"] = ([givenOptions].filter { !$0.isEmpty } + added).joined(separator: " ")
        }
        return missing
    }
}
