/// The links between the services and their servers: one fault proxy in front of PostgreSQL, one
/// in front of the broker (whose advertised address is the proxy's, so Kafka clients stay behind
/// it after bootstrap). The harness's own PostgreSQL sessions (checkers, backlog) go direct.
struct Network: Sendable {
    let postgres: FaultProxy
    let broker: FaultProxy

    var links: [FaultProxy] { [postgres, broker] }

    init(postgresPort: Int, postgresProxyPort: Int, brokerPort: Int, brokerProxyPort: Int) throws {
        postgres = try FaultProxy(name: "postgres-link", port: postgresProxyPort, targetPort: postgresPort)
        do {
            broker = try FaultProxy(name: "broker-link", port: brokerProxyPort, targetPort: brokerPort)
        } catch {
            postgres.stop()
            throw error
        }
    }

    /// Pass-through on every link.
    func heal() {
        for link in links { link.set(.passThrough) }
    }

    func stop() {
        for link in links { link.stop() }
    }
}
