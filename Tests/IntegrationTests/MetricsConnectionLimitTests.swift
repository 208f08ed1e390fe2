import FinancingRuntime
import NIOCore
import NIOPosix
import Prometheus
import Testing

/// SPEC §6's limits on the metrics server, over real sockets: a client that connects and says
/// nothing is disconnected, and connections beyond the cap are closed at once.
@Suite("Metrics endpoint: idle connections closed, open connections capped")
struct MetricsConnectionLimitTests {
    static func withServer<R: Sendable>(
        idleTimeout: Duration, maximumConnections: Int, _ body: (Int) async throws -> R
    ) async throws -> R {
        try await MetricsEndpointTests.withServer(
            PrometheusCollectorRegistry(), idleTimeout: idleTimeout, maximumConnections: maximumConnections, body)
    }

    static func connect(_ port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port)
            .get()
    }

    /// Whether the server closes `channel` within `limit`; closed by us afterwards either way.
    static func serverCloses(_ channel: any Channel, within limit: Duration) async -> Bool {
        let closedByServer = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await channel.closeFuture.get()) != nil }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            // Ends the other child: the sleep is cancelled, and our close completes closeFuture.
            group.cancelAll()
            if !first { try? await channel.close() }
            return first
        }
        try? await channel.close()
        return closedByServer
    }

    @Test("a connection that sends nothing is closed after the idle timeout")
    func idleConnectionClosed() async throws {
        try await Self.withServer(idleTimeout: .seconds(1), maximumConnections: 8) { port in
            let silent = try await Self.connect(port)
            #expect(await Self.serverCloses(silent, within: .seconds(10)))
        }
    }

    @Test("beyond the cap a new connection is closed at once; those within it stay open")
    func connectionsCapped() async throws {
        try await Self.withServer(idleTimeout: .seconds(60), maximumConnections: 2) { port in
            let channels = [try await Self.connect(port), try await Self.connect(port), try await Self.connect(port)]
            // Each connection is counted on its own event loop, so which of the three comes last is
            // the server's to decide: exactly one is refused, the other two stay open.
            let refused = try await Self.firstInactive(channels, within: .seconds(10))
            try #require(refused != nil, "the server kept all three connections open")
            try await Task.sleep(for: .milliseconds(500))
            for (index, channel) in channels.enumerated() where index != refused {
                #expect(channel.isActive, "connection \(index) was closed too")
            }
            for channel in channels { try? await channel.close() }
            // A slot given back is usable again: /healthz answers on a new connection.
            let answer = try await Scrape.get(port: port, "/healthz")
            #expect(answer.status == 200)
        }
    }

    /// The index of the first of `channels` to be closed within `limit`, or nil.
    static func firstInactive(_ channels: [any Channel], within limit: Duration) async throws -> Int? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let index = channels.firstIndex(where: { !$0.isActive }) { return index }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
