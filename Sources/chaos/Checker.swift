import FinancingMessages
import Foundation

/// The checkers, run once the system is quiet: each guarantee of SPEC §5 and the money invariant
/// of §1, judged against the history, the event store, the topics re-read and the read models.
struct Checker: Sendable {
    let calls: [History.Call]
    let log: EventLog
    /// Command ids the listener recorded, and those with an outcome.
    let recorded: Set<UUID>
    let outcomes: Set<UUID>
    let bus: [TopicReader.Message]
    let live: ReadModelSnapshot
    let rebuilt: ReadModelSnapshot

    static let commandKinds: Set<String> = ["sell", "bid", "approve", "reverse"]

    func verdict() -> Verdict {
        var verdict = Verdict()
        checkNothingLost(&verdict)
        checkNoDuplicates(&verdict)
        checkOrder(&verdict)
        checkMoney(&verdict)
        checkProjections(&verdict)
        return verdict
    }

    /// Every acknowledged command has an outcome; every acknowledged registration created its
    /// aggregate; every saga step happened; every stored event reached the bus.
    private func checkNothingLost(_ verdict: inout Verdict) {
        let acknowledged = calls.filter { $0.outcome == .ok && Self.commandKinds.contains($0.kind) }
        verdict.acknowledged = acknowledged.count
        verdict.add(
            "lost-command", .lost,
            acknowledged.filter { !outcomes.contains($0.id) }.map {
                "\($0.kind) \($0.id.uuidString.lowercased()) acknowledged at \(seconds($0.endSeconds)), "
                    + (recorded.contains($0.id) ? "recorded, no outcome" : "not even recorded")
            })
        let created = Set(
            log.events.filter { $0.type == "InvestorCreated" || $0.type == "IssuerCreated" }.map(\.aggregateID))
        verdict.add(
            "lost-registration", .lost,
            calls.filter { $0.outcome == .ok && $0.kind.hasPrefix("register") && !created.contains($0.target) }.map {
                "\($0.kind) of \($0.target.uuidString.lowercased()) at \(seconds($0.endSeconds))"
            })
        verdict.add(
            "lost-saga-step", .lost,
            log.pendingSagas.map { "\($0.type) \($0.eventID.uuidString.lowercased()) of \($0.aggregateID)" })
        let published = Set(bus.filter { $0.topic == Topic.events }.map(\.messageID))
        verdict.add(
            "lost-on-bus", .lost,
            log.events.filter { !published.contains($0.eventID.uuidString.lowercased()) }.map {
                "\($0.type) v\($0.version) of \($0.aggregateID) (position \($0.position))"
            })
        verdict.add(
            "unpublished", .other,
            log.events.filter { !$0.published }.map { "\($0.type) at position \($0.position)" })
    }

    /// No effect twice: no cause repeated on an aggregate, no effect without a known cause, and
    /// the sagas moved exactly the money the invoices' events call for.
    private func checkNoDuplicates(_ verdict: inout Verdict) {
        verdict.add(
            "duplicated-effect", .duplicated,
            log.repeatedEffects.map { "\($0.type) ×\($0.count) caused by \($0.cause.uuidString.lowercased())" })
        let known =
            recorded.union(log.events.map(\.eventID))
            .union(calls.filter { $0.kind.hasPrefix("register") }.map(\.id))
        verdict.add(
            "orphan-effect", .duplicated,
            log.events.filter { $0.causationID.map { !known.contains($0) } ?? false }.map {
                "\($0.type) v\($0.version) of \($0.aggregateID) caused by unknown \($0.causationID!)"
            })
        let expected = log.expectedSagaMoney
        let actual = log.actualSagaMoney
        var over: [String] = []
        var under: [String] = []
        for investor in Set(expected.keys).union(actual.keys) {
            let want = expected[investor] ?? (0, 0)
            let got = actual[investor] ?? (0, 0)
            let line =
                "investor \(investor): released \(got.released) for \(want.released), committed \(got.committed) for \(want.committed)"
            if got.released > want.released || got.committed > want.committed { over.append(line) }
            if got.released < want.released || got.committed < want.committed { under.append(line) }
        }
        verdict.add("duplicated-saga-money", .duplicated, over)
        verdict.add("lost-saga-money", .lost, under)
        var firstSeen: [String: Int] = [:]
        for message in bus { firstSeen[message.topic + "|" + message.messageID, default: 0] += 1 }
        verdict.repeatedOnBus = firstSeen.values.reduce(0) { $0 + $1 - 1 }
    }

    /// Versions 1…n per aggregate in the store, and first occurrences on the bus in that order.
    private func checkOrder(_ verdict: inout Verdict) {
        verdict.add(
            "version-gap", .other, log.versionGaps.map { "\($0.0): versions \($0.1.prefix(10))" })
        var seen: [String: Set<Int>] = [:]
        var last: [String: Int] = [:]
        var reordered: [String] = []
        for message in bus where message.topic == Topic.events {
            guard let aggregate = message.aggregateID, let version = message.version else { continue }
            guard !(seen[aggregate]?.contains(version) ?? false) else { continue }
            seen[aggregate, default: []].insert(version)
            if let previous = last[aggregate], version != previous + 1 {
                reordered.append("\(aggregate): v\(version) first seen after v\(previous)")
            } else if last[aggregate] == nil, version != 1 {
                reordered.append("\(aggregate): v\(version) first seen before v1")
            }
            last[aggregate] = max(last[aggregate] ?? 0, version)
        }
        verdict.add("bus-out-of-order", .other, reordered)
    }

    /// Money conserved and never negative for every investor, in the event store and in the read
    /// model; nothing left reserved.
    private func checkMoney(_ verdict: inout Verdict) {
        let ledgers = log.ledgers
        verdict.investors = ledgers.count
        var violations: [String] = []
        var pending: [String] = []
        for (investor, ledger) in ledgers {
            var problem = ledger.violation.map { "event store: \($0)" }
            if problem == nil, ledger.balance + ledger.reserved + ledger.committed != ledger.added {
                problem = "event store: not conserved"
            }
            let projected = live.investors[investor]
            let expected = ReadModelSnapshot.Money(
                balance: ledger.balance, reserved: ledger.reserved, committed: ledger.committed)
            if problem == nil, projected != expected {
                problem = "read model \(projected.map { "\($0)" } ?? "missing"), event store \(expected)"
            }
            if let problem { violations.append("investor \(investor): \(problem)") }
            if ledger.reserved != 0 { pending.append("investor \(investor): \(ledger.reserved) reserved") }
        }
        verdict.conserved = ledgers.count - violations.count
        verdict.add("money-violation", .money, violations)
        pending += log.financedInvoices.map { "invoice \($0) still FINANCED" }
        verdict.pending = pending.count
        verdict.add("pending-reservation", .other, pending)
    }

    /// The live read models equal a rebuild from the event store.
    private func checkProjections(_ verdict: inout Verdict) {
        let differences = live.differences(from: rebuilt)
        verdict.projectionsMatchRebuild = differences.isEmpty
        verdict.add("projection-divergence", .other, differences)
    }

    private func seconds(_ time: Double) -> String {
        String(format: "%.1fs", time)
    }
}
