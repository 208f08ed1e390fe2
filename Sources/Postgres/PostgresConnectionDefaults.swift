/// libpq settings every connection gets unless its connection string sets them.
///
/// Why: libpq's own defaults wait for ever. Without `connect_timeout` a connect to a host that drops
/// packets hangs until the kernel gives up (minutes); without keepalives and `tcp_user_timeout` a
/// connection whose server vanished (a failover, a cable) is noticed only when the next query's TCP
/// retransmissions run out, about 15 minutes on Linux. With these, a dead server shows as a failed
/// query within about a minute, and the pool opens a fresh connection.
enum PostgresConnectionDefaults {
    static let settings: [String: String] = [
        "connect_timeout": "5",
        "keepalives": "1",
        "keepalives_idle": "30",
        "keepalives_interval": "10",
        "keepalives_count": "3",
        "tcp_user_timeout": "60000",
    ]

    /// The defaults `connectionString` does not set itself; empty when it does not parse (the connect
    /// then fails with libpq's own message).
    static func missing(from connectionString: String) -> [String: String] {
        guard let given = try? PostgresConnectionString.parameters(of: connectionString) else { return [:] }
        return settings.filter { given[$0.key] == nil }
    }
}
