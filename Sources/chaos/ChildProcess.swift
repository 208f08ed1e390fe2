import Foundation
import Synchronization

/// A process the harness started, with its output appended to a log file. Signals go to its pid
/// only: the harness ends what it started and nothing else.
final class ChildProcess: Sendable {
    /// How a child ended.
    enum Exit: Sendable, Equatable, CustomStringConvertible {
        case status(Int32)
        case signal(Int32)

        var description: String {
            switch self {
            case .status(let code): "exit status \(code)"
            case .signal(let number): "signal \(number)"
            }
        }
    }

    let name: String
    let pid: pid_t
    /// Set once the child was reaped; the lock also keeps a signal from reaching a reused pid.
    private let exit = Mutex<Exit?>(nil)

    /// Starts `executable` with the harness's environment plus `environment`, in the root
    /// directory (tools run as the postgres user cannot enter root's), stdin from /dev/null.
    ///
    /// posix_spawn rather than Foundation's Process: Process learns of an exit when a socket the
    /// child inherited closes, so a child that leaves a daemon behind (pg_ctl start) never ends.
    init(name: String, executable: String, arguments: [String], environment: [String: String] = [:], log: URL)
        throws
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        _ = Self.addChdir?(&actions, "/")
        // Only stdin, stdout and stderr: no broker or database socket of the harness leaks into a child.
        _ = Self.addCloseFrom?(&actions, 3)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            throw ChaosError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.name = name
        self.pid = pid
    }

    // glibc's GNU extensions, which its Swift module map leaves out: looked up at run time.
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addChdir = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: AddChdir.self)
    }
    private static let addCloseFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }

    /// How it ended; nil while it runs. Reaps the child the first time it is seen ended.
    var exitStatus: Exit? {
        exit.withLock { exit in
            if exit == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    let signal = status & 0x7f
                    exit = signal == 0 ? .status((status >> 8) & 0xff) : .signal(signal)
                }
            }
            return exit
        }
    }

    var isRunning: Bool { exitStatus == nil }

    /// Sends `signal` while it runs.
    func send(_ signal: Int32) {
        _ = exitStatus
        exit.withLock { exit in
            if exit == nil { kill(pid, signal) }
        }
    }

    /// Waits for it to end; nil when `timeout` passed first.
    @discardableResult
    func waitForExit(timeout: Duration) async -> Exit? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = exitStatus { return status }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return exitStatus
    }

    /// SIGTERM, then SIGKILL after `grace`.
    func stop(grace: Duration = .seconds(10)) async {
        send(SIGTERM)
        if await waitForExit(timeout: grace) == nil {
            send(SIGKILL)
            await waitForExit(timeout: .seconds(5))
        }
    }

    /// Runs a command to completion and returns its exit, for short tools (initdb, pg_ctl).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], log: URL,
        timeout: Duration = .seconds(120)
    ) async throws -> Exit {
        let child = try ChildProcess(
            name: URL(fileURLWithPath: executable).lastPathComponent, executable: executable, arguments: arguments,
            environment: environment, log: log)
        guard let exit = await child.waitForExit(timeout: timeout) else {
            child.send(SIGKILL)
            throw ChaosError("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        return exit
    }
}
