import Foundation

/// The run's report: the figures table, the anomalies, and the three closing lines
/// (`N lost`, `N duplicated`, `N money violations`) that scripts read.
struct Figures: Sendable {
    let calls: [History.Call]
    let faults: [History.Fault]
    let takeovers: [History.Takeover]
    /// Messages each handler decided, events each projector's last process applied.
    let workShared: (handlers: String, projectors: String)
    let verdict: Verdict
    let quiesced: Bool
    /// What the stores showed when quiescence was not reached (empty when it was).
    let stuck: [String]
    let elapsed: Duration

    func print() {
        let commands = calls.filter { Checker.commandKinds.contains($0.kind) }
        let registrations = calls.filter { $0.kind.hasPrefix("register") }
        let retried = calls.filter { $0.attempts > 1 }.count
        let kills = { (prefix: String) in faults.filter { $0.kind == .kill && $0.target.hasPrefix(prefix) }.count }
        let failpoints = { (prefix: String) in
            faults.filter { $0.kind == .failpoint && $0.target.hasPrefix(prefix) }.count
        }
        let count = { (kind: History.Kind) in faults.filter { $0.kind == kind }.count }
        func killLine(_ component: String) -> String {
            "\(kills(component) + failpoints(component)) \(component) kills "
                + "(\(kills(component)) random, \(failpoints(component)) at failpoints)"
        }
        let rows: [(String, String)] = [
            (
                "commands",
                "\(number(commands.count)) sent: \(number(verdict.acknowledged)) acknowledged, "
                    + "\(commands.filter { $0.outcome == .info }.count) indeterminate, "
                    + "\(commands.filter { $0.outcome == .fail }.count) refused; \(retried) calls retried"
            ),
            ("registrations", "\(registrations.filter { $0.outcome == .ok }.count) acknowledged"),
            ("handler", killLine("handler")),
            ("relayer", killLine("relayer")),
            ("projector", killLine("projector")),
            ("relayer takeover", takeoverLine()),
            ("work shared", "handlers (messages decided): \(workShared.handlers)"),
            ("", "projectors (events applied by the last process of each): \(workShared.projectors)"),
            ("commands listener", killLine("commands")),
            ("unexpected exits", "\(count(.crash))"),
            (
                "graceful stops",
                "\(count(.gracefulStop) + count(.uncleanStop)) SIGTERMs under load: \(count(.gracefulStop)) drained "
                    + "and exited 0 within \(Nemesis.drainLimit.components.seconds) s (slowest \(slowestStop())), "
                    + "\(count(.uncleanStop)) unclean"
            ),
            (
                "PostgreSQL",
                "\(count(.postgresRestart)) crash-restarts (pg_ctl -m immediate), "
                    + "\(count(.terminateBackends)) pg_terminate_backend sweeps"
            ),
            ("broker", "\(count(.brokerPause)) pauses (SIGSTOP/SIGCONT)"),
            ("consumers", "\(count(.consumerPause)) handler/projector pauses (SIGSTOP/SIGCONT)"),
            (
                "network",
                "\(count(.networkLatency)) latency spells, \(count(.networkBlackhole)) blackholes, "
                    + "\(count(.networkReset)) resets (fault proxies before PostgreSQL and the broker)"
            ),
            ("sequence-gap race", "handlers armed with \(Fleet.gapRace)"),
            (
                "bad input",
                "\(number(verdict.poisoned)) malformed messages (\(verdict.poisonVarieties) varieties) on "
                    + "\(verdict.poisonTopics) topics, \(number(verdict.poisonDeadLettered)) dead-lettered with a reason "
                    + "(\(verdict.poisonDeadLetteredAgain) again after a redelivery)"
            ),
            ("quiescence", quiesced ? "reached" : "NOT reached (the checks below judge an unfinished state)"),
            ("lost", "\(verdict.count(.lost))"),
            (
                "duplicated effects",
                "\(verdict.count(.duplicated)) (\(verdict.redeliveries) redeliveries absorbed by the handlers; "
                    + "\(verdict.repeatedOnBus) messages repeated on the bus)"
            ),
            ("money conserved", "\(verdict.conserved)/\(verdict.investors) investors"),
            ("pending", "\(verdict.pending)"),
            ("projections", verdict.projectionsMatchRebuild ? "= rebuild" : "DIFFER from rebuild"),
            ("wall time", "\(elapsed.components.seconds) s"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        Swift.print("")
        Swift.print("== chaos figures")
        for (name, value) in rows {
            Swift.print("  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)")
        }
        Swift.print("")
        Swift.print(
            "\(number(commands.count)) commands, \(killLine("handler")), "
                + "\(kills("relayer") + failpoints("relayer")) relayer kills, "
                + "\(kills("projector") + failpoints("projector")) projector kills, "
                + "\(count(.postgresRestart)) PostgreSQL restarts, "
                + "\(count(.terminateBackends)) backend terminations, \(count(.brokerPause)) broker pauses, "
                + "\(count(.consumerPause)) consumer pauses, \(count(.gracefulStop) + count(.uncleanStop)) SIGTERMs, "
                + "\(count(.networkLatency) + count(.networkBlackhole) + count(.networkReset)) network faults: "
                + "\(verdict.count(.lost)) lost, \(verdict.count(.duplicated)) duplicated effects "
                + "(\(verdict.redeliveries) redeliveries absorbed), "
                + "money conserved \(verdict.conserved)/\(verdict.investors) investors, \(verdict.pending) pending, "
                + "projections \(verdict.projectionsMatchRebuild ? "=" : "!=") rebuild")
        Swift.print("")
        if verdict.anomalies.isEmpty {
            Swift.print("anomalies: none")
        } else {
            Swift.print("anomalies:")
            for anomaly in verdict.anomalies { Swift.print("  \(anomaly)") }
        }
        if !stuck.isEmpty {
            Swift.print("not quiet after the faults:")
            for line in stuck { Swift.print("  \(line)") }
        }
        Swift.print("\(verdict.count(.lost)) lost")
        Swift.print("\(verdict.count(.duplicated)) duplicated")
        Swift.print("\(verdict.count(.money)) money violations")
    }

    /// The longest drain of a graceful stop, as its detail ("exit 0 after 1.2 s") says.
    private func slowestStop() -> String {
        let seconds = faults.filter { $0.kind == .gracefulStop }.compactMap { fault in
            fault.detail.split(separator: " ").dropLast().last.flatMap { Double($0) }
        }
        return seconds.max().map { String(format: "%.1f s", $0) } ?? "none"
    }

    /// The leaderless gaps after killing the active relayer.
    private func takeoverLine() -> String {
        guard !takeovers.isEmpty else { return "the active relayer was never killed" }
        let gaps = takeovers.compactMap(\.milliseconds).sorted()
        let missed = takeovers.count - gaps.count
        let limit = Double(RelayerTakeover.limit.components.seconds) * 1e3
        let summary =
            gaps.isEmpty
            ? "" : String(format: ": p50 %.0f ms, max %.0f ms", gaps[gaps.count / 2], gaps[gaps.count - 1])
        let polled = takeovers.filter { $0.milliseconds != nil && !$0.byLeaderClock }.count
        return "\(takeovers.count) kills of the active one, a standby held the lock again\(summary) "
            + "(limit \(number(Int(limit))) ms)" + (missed > 0 ? "; \(missed) times not within 5 s" : "")
            + (polled > 0 ? "; \(polled) timed by the harness's poll (the new leader died first)" : "")
    }

    /// 20000 as "20,000".
    private func number(_ value: Int) -> String {
        var digits = String(value)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        return ([Substring(digits)] + groups).joined(separator: ",")
    }
}
