import Foundation

/// The harness's own Tansu broker. It keeps everything in memory, so the faults it takes are
/// pauses (SIGSTOP/SIGCONT), never kills: a killed broker would lose the topics themselves.
struct Broker: Sendable {
    let executable: String
    let port: Int
    let log: URL
    private let process: ChildProcess

    var address: String { "127.0.0.1:\(port)" }

    /// Starts the broker and waits until it accepts connections.
    static func start(executable: String, port: Int, log: URL) async throws -> Broker {
        guard !TCPProbe.isOpen(port: port) else {
            throw ChaosError("port \(port) is already taken: the harness needs its own broker there")
        }
        let listener = "tcp://127.0.0.1:\(port)"
        let process = try ChildProcess(
            name: "broker", executable: executable,
            arguments: ["broker", "--listener-url", listener, "--advertised-listener-url", listener], log: log)
        let broker = Broker(executable: executable, port: port, log: log, process: process)
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
