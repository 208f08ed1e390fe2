import Foundation

/// The run's report: the figures table, the anomalies, and the three closing lines
/// (`N lost`, `N duplicated`, `N money violations`) that scripts read.
struct Figures: Sendable {
    let calls: [History.Call]
    let faults: [History.Fault]
    let verdict: Verdict
    let quiesced: Bool
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
            ("commands listener", killLine("commands")),
            ("unexpected exits", "\(count(.crash))"),
            (
                "PostgreSQL",
                "\(count(.postgresRestart)) crash-restarts (pg_ctl -m immediate), "
                    + "\(count(.terminateBackends)) pg_terminate_backend sweeps"
            ),
            ("broker", "\(count(.brokerPause)) pauses (SIGSTOP/SIGCONT)"),
            ("consumers", "\(count(.consumerPause)) handler/projector pauses (SIGSTOP/SIGCONT)"),
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
                + "\(count(.consumerPause)) consumer pauses: "
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
        Swift.print("\(verdict.count(.lost)) lost")
        Swift.print("\(verdict.count(.duplicated)) duplicated")
        Swift.print("\(verdict.count(.money)) money violations")
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
