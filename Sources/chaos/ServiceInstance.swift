import Foundation

/// One copy of a `financing` component. The nemesis kills it; the fleet's supervisor notices the
/// death, tells which kind it was (a kill the nemesis announced, an armed failpoint firing, or a
/// crash nobody caused) and starts it again after a short pause, armed with a failpoint if the
/// nemesis asked for one.
actor ServiceInstance {
    let component: String
    let name: String
    private let executable: String
    private let environment: [String: String]
    private let log: URL
    private var process: ChildProcess?
    /// The failpoint the running process was started with.
    private(set) var armed: String?
    /// The failpoint to start the next process with.
    private var armNext: String?
    /// Set just before the nemesis' SIGKILL, so its death is not mistaken for a crash.
    private var killExpected = false
    private var restartAt: ContinuousClock.Instant?
    /// False once the run is over: a dead instance then stays dead.
    private var supervised = true
    /// Where the running process' output begins in the shared log.
    private var logOffset: UInt64 = 0

    init(component: String, index: Int, executable: String, environment: [String: String], logDirectory: URL) {
        self.component = component
        self.name = "\(component)-\(index)"
        self.executable = executable
        self.environment = environment
        self.log = logDirectory.appendingPathComponent("\(component)-\(index).log")
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// Where it serves /metrics, /healthz and /readyz.
    nonisolated var metricsPort: Int? { environment["FINANCING_METRICS_PORT"].flatMap { Int($0) } }

    func start() throws {
        var environment = environment
        if let armNext {
            // Added to the fleet's standing failpoints (the sequence-gap race), not replacing them.
            environment["FINANCING_FAILPOINTS"] = [environment["FINANCING_FAILPOINTS"], armNext].compactMap { $0 }
                .joined(separator: ",")
        }
        armed = armNext
        armNext = nil
        killExpected = false
        restartAt = nil
        logOffset = (try? FileManager.default.attributesOfItem(atPath: log.path)[.size] as? UInt64) ?? 0
        process = try ChildProcess(
            name: name, executable: executable, arguments: [component], environment: environment, log: log)
    }

    /// Whether the running process logged `line` (e.g. the relayer taking the leader lock).
    func hasLogged(_ line: String) -> Bool {
        guard isRunning, let handle = try? FileHandle(forReadingFrom: log) else { return false }
        defer { try? handle.close() }
        try? handle.seek(toOffset: logOffset)
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data, as: UTF8.self).contains(line)
    }

    /// The last `lines` lines of its log, for a report.
    func logTail(lines: Int) -> String {
        guard let data = FileManager.default.contents(atPath: log.path) else { return "(no log)" }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// SIGKILLs the running process; the next start is armed with `failpoint` when given.
    /// Returns false (and does nothing) when it is not running or waits on an armed failpoint.
    func kill(armNext failpoint: String?) -> Bool {
        guard let process, process.isRunning, armed == nil else { return false }
        killExpected = true
        armNext = failpoint
        process.send(SIGKILL)
        return true
    }

    /// Freezes the running process for `duration` (SIGSTOP, then SIGCONT); false when not running.
    func pause(for duration: Duration) async -> Bool {
        guard let process, process.isRunning else { return false }
        process.send(SIGSTOP)
        try? await Task.sleep(for: duration)
        process.send(SIGCONT)
        return true
    }

    /// SIGTERM mid-load, as a rolling restart does. Returns how it exited (nil: not within `grace`,
    /// then SIGKILLed) and how long it took, or nil when it was not running unarmed.
    func terminate(grace: Duration) async -> (exit: ChildProcess.Exit?, took: Duration)? {
        guard let process, process.isRunning, armed == nil else { return nil }
        killExpected = true
        let began = ContinuousClock.now
        process.send(SIGTERM)
        let exit = await process.waitForExit(timeout: grace)
        let took = began.duration(to: .now)
        if exit == nil { process.send(SIGKILL) }
        return (exit, took)
    }

    /// Called by the supervisor: classifies a death once, and restarts when its pause is over.
    func tend(history: History, restartDelay: Duration) async {
        guard supervised, let process, let exit = process.exitStatus else { return }
        if restartAt == nil {
            if killExpected {
                // Counted by the nemesis when it struck.
            } else if exit == .signal(SIGKILL), let armed {
                await history.fault(.failpoint, target: name, detail: armed)
            } else {
                await history.fault(.crash, target: name, detail: "\(exit) (see \(log.lastPathComponent))")
            }
            restartAt = ContinuousClock.now + restartDelay
        }
        if let restartAt, ContinuousClock.now >= restartAt {
            do {
                try start()
            } catch {
                await history.fault(.crash, target: name, detail: "restart failed: \(error)")
                self.restartAt = ContinuousClock.now + .seconds(1)
            }
        }
    }

    /// At the end of the fault phase: a process still armed is restarted unarmed, so no failpoint
    /// fires while the checkers wait for quiescence. Returns whether it killed one.
    func disarm(history: History) async -> Bool {
        guard armed != nil, let process, process.isRunning else {
            armNext = nil
            return false
        }
        killExpected = true
        process.send(SIGKILL)
        _ = await process.waitForExit(timeout: .seconds(10))
        await history.fault(.kill, target: name, detail: "disarming \(armed ?? "")")
        armed = nil
        try? start()
        return true
    }

    /// Stops it for good: SIGTERM, SIGKILL after a grace period.
    func stop() async {
        supervised = false
        await process?.stop(grace: .seconds(15))
    }
}
