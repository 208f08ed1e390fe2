import Foundation
import Kafka
import Synchronization

/// A Tansu broker of the test's own, on a free port, that the test can freeze (SIGSTOP) and thaw
/// (SIGCONT) the way a stalled or partitioned broker behaves: connections stay open, nothing answers;
/// or kill and start again empty on the same port, as the memory-only broker comes back after a crash.
/// The shared broker cannot be paused: other tests and the running stack use it.
final class PausableBroker: Sendable {
    let address: String
    private let port: Int
    private let running: Mutex<Process>

    private var process: Process { running.withLock { $0 } }

    private init(address: String, port: Int, process: Process) {
        self.address = address
        self.port = port
        self.running = Mutex(process)
    }

    /// Starts the broker that scripts/install-deps installed and waits until it accepts connections.
    static func start() async throws -> PausableBroker {
        let port = try FreePort.find()
        let broker = PausableBroker(address: "127.0.0.1:\(port)", port: port, process: try launch(port: port))
        do {
            try await broker.waitUntilAnswering()
        } catch {
            broker.stop()
            throw error
        }
        return broker
    }

    /// Kills the broker and starts a new one on the same port: every topic, message and offset is gone.
    func restartEmpty() async throws {
        stop()
        let port = port
        let process = try Self.launch(port: port)
        running.withLock { $0 = process }
        try await waitUntilAnswering()
    }

    private static func launch(port: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try tansuPath())
        process.arguments = [
            "broker", "--listener-url", "tcp://127.0.0.1:\(port)", "--advertised-listener-url",
            "tcp://127.0.0.1:\(port)",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func waitUntilAnswering() async throws {
        let port = port
        try await waitUntil("the test broker answers on port \(port)", timeout: .seconds(30)) {
            FreePort.accepts(port: port)
        }
    }

    func pause() { kill(process.processIdentifier, SIGSTOP) }

    func resume() { kill(process.processIdentifier, SIGCONT) }

    /// SIGKILL: Tansu ignores SIGTERM, and a memory-only broker has nothing to save.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// `$FINANCING_CACHE/broker-venv/bin/tansu-path` prints where the venv keeps the binary.
    private static func tansuPath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["FINANCING_CACHE"] ?? "\(NSHomeDirectory())/.cache/financing"
        let locator = Process()
        let output = Pipe()
        locator.executableURL = URL(fileURLWithPath: "\(cache)/broker-venv/bin/tansu-path")
        locator.standardOutput = output
        try locator.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        locator.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard locator.terminationStatus == 0, !path.isEmpty else {
            throw TestSetupError("no broker binary: run scripts/install-deps (looked in \(cache)/broker-venv)")
        }
        return path
    }
}
