import Foundation

/// Everything that happened in a run, as Jepsen keeps it: every client call with its command id
/// and outcome, every fault with its time. The checkers judge against it; it is also written out
/// (history.jsonl) so an anomaly can be traced back to the faults around it.
actor History {
    /// One client operation. Outcome as in Jepsen: `ok` acknowledged, `fail` definitely refused,
    /// `info` indeterminate (the client gave up retrying: it may or may not have taken effect).
    struct Call: Codable, Sendable {
        enum Outcome: String, Codable, Sendable {
            case ok
            case fail
            case info
        }

        let kind: String
        /// The request_id, which the service makes the command id (or the registration's message id).
        let id: UUID
        let target: UUID
        /// Seconds since the run began, as `History.now()` counts them.
        let startSeconds: Double
        let endSeconds: Double
        let attempts: Int
        let outcome: Outcome
        var detail: String?
    }

    /// One injected fault (or a crash nobody injected).
    struct Fault: Codable, Sendable {
        /// Seconds since the run began.
        let atSeconds: Double
        let kind: Kind
        let target: String
        let detail: String
    }

    /// The active relayer was killed: how long until another session held the leader lock (nil:
    /// not within five seconds), and whether the new leader's clock timed it (else the harness's
    /// poll did, an upper bound).
    struct Takeover: Codable, Sendable {
        let atSeconds: Double
        let killed: String
        let milliseconds: Double?
        let byLeaderClock: Bool
    }

    /// The kinds of fault the figures count.
    enum Kind: String, Codable, Sendable {
        /// SIGKILL at a random time.
        case kill
        /// SIGKILL by the process itself at an armed failpoint.
        case failpoint
        /// An exit nobody caused: a finding in itself.
        case crash
        /// `pg_ctl -m immediate stop`, then start.
        case postgresRestart = "postgres-restart"
        /// SIGSTOP … SIGCONT of the broker.
        case brokerPause = "broker-pause"
        /// SIGSTOP … SIGCONT of a handler or projector: past the session timeout its partitions
        /// move, and it wakes up a zombie holding a message it no longer owns.
        case consumerPause = "consumer-pause"
        /// `pg_terminate_backend` of the services' connections.
        case terminateBackends = "terminate-backends"
        /// SIGTERM under load, drained and exited 0 in time.
        case gracefulStop = "graceful-stop"
        /// SIGTERM under load, but a non-zero exit or no exit within the grace period.
        case uncleanStop = "unclean-stop"
        /// A spell of added delay on one link (a `FaultProxy`), each way.
        case networkLatency = "network-latency"
        /// A spell in which one link carries nothing, its connections left open.
        case networkBlackhole = "network-blackhole"
        /// Every connection on one link reset (RST) at once.
        case networkReset = "network-reset"
    }

    private let origin = ContinuousClock.now
    private(set) var calls: [Call] = []
    private(set) var faults: [Fault] = []
    private(set) var takeovers: [Takeover] = []
    private(set) var poisons: [Poison] = []

    /// Seconds since the history began.
    func now() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func record(_ call: Call) {
        calls.append(call)
    }

    func record(_ poison: Poison) {
        poisons.append(poison)
    }

    func fault(_ kind: Kind, target: String, detail: String = "") {
        faults.append(Fault(atSeconds: now(), kind: kind, target: target, detail: detail))
    }

    func takeover(of killed: String, after gap: (Duration, byLeaderClock: Bool)?) {
        let milliseconds = gap.map { gap, _ in
            Double(gap.components.seconds) * 1e3 + Double(gap.components.attoseconds) / 1e15
        }
        takeovers.append(
            Takeover(
                atSeconds: now(), killed: killed, milliseconds: milliseconds,
                byLeaderClock: gap?.byLeaderClock ?? false))
    }

    /// Writes one JSON object per line: calls, then faults, relayer takeovers, poisons.
    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var lines: [Data] = []
        for call in calls { lines.append(try encoder.encode(call)) }
        for fault in faults { lines.append(try encoder.encode(fault)) }
        for takeover in takeovers { lines.append(try encoder.encode(takeover)) }
        for poison in poisons { lines.append(try encoder.encode(poison)) }
        try Data(lines.joined(separator: Data("\n".utf8))).write(to: url)
    }
}
