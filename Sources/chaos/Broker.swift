import Foundation

/// The harness's own Tansu broker. It keeps everything in memory, so the faults it takes are
/// pauses (SIGSTOP/SIGCONT), never kills: a killed broker would lose the topics themselves.
struct Broker: Sendable {
    let executable: String
    let port: Int
    /// The port the broker tells clients to use after bootstrap: its fault proxy's.
    let advertisedPort: Int
    let log: URL
    private let process: ChildProcess

    /// What clients connect to: the proxy, so every Kafka connection crosses the faulty link.
    var address: String { "127.0.0.1:\(advertisedPort)" }

    /// Starts the broker and waits until it accepts connections.
    static func start(executable: String, port: Int, advertisedPort: Int, log: URL) async throws -> Broker {
        guard !TCPProbe.isOpen(port: port) else {
            throw ChaosError("port \(port) is already taken: the harness needs its own broker there")
        }
        let process = try ChildProcess(
            name: "broker", executable: executable,
            arguments: [
                "broker", "--listener-url", "tcp://127.0.0.1:\(port)",
                "--advertised-listener-url", "tcp://127.0.0.1:\(advertisedPort)",
            ], log: log)
        let broker = Broker(
            executable: executable, port: port, advertisedPort: advertisedPort, log: log, process: process)
        try await TCPProbe.waitUntilOpen(port: port, what: "the broker", timeout: .seconds(30))
        return broker
    }

    /// Freezes the broker: connections stay open, nothing answers.
    func pause() { process.send(SIGSTOP) }

    func resume() { process.send(SIGCONT) }

    var isRunning: Bool { process.isRunning }

    func stop() async {
        process.send(SIGCONT)
        await process.stop(grace: .seconds(10))
    }
}
