import FinancingMessages
import Foundation
import Logging
import Postgres

/// Judges the poisoned messages (SPEC §4: what cannot be decoded goes to `<topic>.dlq` with an
/// `error` header, and consumption goes on). Only the handler group dead-letters: the projector
/// group skips what it cannot read, so each poisoned message must be on its topic's `.dlq` at
/// least once (again only after a redelivery), and nothing well-formed may be there.
struct PoisonChecker: Sendable {
    let poisons: [History.Poison]
    let letters: [DeadLetterReader.Letter]
    let log: EventLog
    /// Command ids with an outcome, message ids the handler marked processed (except those the
    /// dead-letter box holds), and every id in the live read models (investors, issuers, invoices, registered names).
    let outcomes: Set<UUID>
    let processed: Set<UUID>
    let projected: Set<UUID>

    /// Reads the dead-letter topics and the traces a poisoned message could have left.
    static func load(
        poisons: [History.Poison], log: EventLog, outcomes: Set<UUID>, brokers: String, eventStoreURL: String,
        readModelURL: String, logger: Logger
    ) async throws -> PoisonChecker {
        let letters = try await DeadLetterReader(brokers: brokers, logger: logger).read(
            topics: Poisoner.topics.map(Topic.deadLetter(of:)),
            expected: Set(poisons.filter { $0.outcome == .ok }.map { $0.id.uuidString.lowercased() }),
            idle: .seconds(3), timeout: .seconds(120))
        let store = try await PostgresConnection.connect(url: eventStoreURL, logger: logger)
        defer { store.close() }
        // The dead-letter box marks what it parks as processed, so that a redelivery parks it once
        // (`release` unmarks it for a redrive): that mark is the box's dedup, not an effect.
        let processed = Set(
            try await store.query(
                """
                SELECT message_id FROM processed_messages p
                WHERE NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.message_id = p.message_id AND d.redriven_at IS NULL)
                """
            ).map { try $0.uuid("message_id") })
        let readModels = try await PostgresConnection.connect(url: readModelURL, logger: logger)
        defer { readModels.close() }
        let projected = Set(
            try await readModels.query(
                """
                SELECT investor_id AS id FROM investors UNION ALL SELECT issuer_id FROM issuers
                UNION ALL SELECT invoice_id FROM invoices UNION ALL SELECT id FROM registered_names
                """
            ).map { try $0.uuid("id") })
        return PoisonChecker(
            poisons: poisons, letters: letters, log: log, outcomes: outcomes, processed: processed,
            projected: projected)
    }

    func judge(_ verdict: inout Verdict) {
        let byPoison = Dictionary(grouping: letters.filter { $0.poison != nil }, by: { $0.poison ?? "" })
        let sent = poisons.filter { $0.outcome == .ok }
        var lost: [(History.Poison, String)] = []
        var misrouted: [(History.Poison, String)] = []
        var unexplained: [(History.Poison, String)] = []
        var deadLettered = 0
        var again = 0
        for poison in sent {
            let copies = byPoison[poison.id.uuidString.lowercased()] ?? []
            let home = copies.filter { $0.topic == Topic.deadLetter(of: poison.topic) }
            if home.isEmpty {
                lost.append((poison, "\(describe(poison)) not on \(Topic.deadLetter(of: poison.topic))"))
            }
            misrouted += copies.filter {
                $0.topic != Topic.deadLetter(of: poison.topic)
                    || !($0.originalLocation?.hasPrefix(poison.topic + "/") ?? false)
            }.map { (poison, "\(describe(poison)) on \($0.topic) from \($0.originalLocation ?? "nowhere")") }
            let explained = home.filter { !($0.reason ?? "").isEmpty }
            unexplained += home.filter { ($0.reason ?? "").isEmpty }.map {
                (poison, "\(describe(poison)) on \($0.topic)")
            }
            if !explained.isEmpty { deadLettered += 1 }
            // Copies from one source offset beyond the first: the handler dead-lettered it, then
            // was killed before its offset commit and met it again.
            let locations = Dictionary(grouping: home, by: { $0.originalLocation ?? "" })
            again += locations.values.reduce(0) { $0 + $1.count - 1 }
        }
        verdict.poisoned = sent.count
        verdict.poisonTopics = Set(sent.map(\.topic)).count
        verdict.poisonVarieties = Set(sent.map(\.variety)).count
        verdict.poisonDeadLettered = deadLettered
        verdict.poisonDeadLetteredAgain = again
        verdict.add("lost-poison", .lost, tallied(lost))
        verdict.add("misrouted-poison", .other, tallied(misrouted))
        verdict.add("unexplained-dead-letter", .other, tallied(unexplained))
        verdict.add(
            "valid-dead-lettered", .other,
            letters.filter { $0.poison == nil }.map {
                "\($0.messageType ?? "untyped") \($0.messageID ?? "-") from \($0.originalLocation ?? "?") "
                    + "on \($0.topic): \($0.reason ?? "no reason")"
            })
        verdict.add("poison-effect", .other, tallied(effects()))
    }

    /// Any trace of a poisoned message in the stores: an event it caused or on the aggregate it
    /// named, its id marked processed or given a command outcome, a read-model row of its aggregate.
    private func effects() -> [(History.Poison, String)] {
        var byMessageID: [UUID: History.Poison] = [:]
        var byTarget: [UUID: History.Poison] = [:]
        for poison in poisons {
            if let id = poison.messageID.flatMap(UUID.init(uuidString:)) { byMessageID[id] = poison }
            byTarget[poison.target] = poison
        }
        var found: [(History.Poison, String)] = []
        for event in log.events {
            if let cause = event.causationID, let poison = byMessageID[cause] {
                found.append(
                    (poison, "\(event.type) v\(event.version) of \(event.aggregateID) caused by \(describe(poison))"))
            } else if let poison = byTarget[event.aggregateID] {
                found.append((poison, "\(event.type) v\(event.version) on the aggregate named by \(describe(poison))"))
            }
        }
        found += processed.compactMap { byMessageID[$0] }.map { ($0, "\(describe($0)) marked processed") }
        found += outcomes.compactMap { byMessageID[$0] }.map { ($0, "\(describe($0)) has a command outcome") }
        found += projected.compactMap { byTarget[$0] }.map {
            ($0, "\(describe($0)): its aggregate is in the read model")
        }
        return found
    }

    /// The examples, the first followed by how many each variety on each topic accounts for.
    private func tallied(_ found: [(History.Poison, String)]) -> [String] {
        guard let first = found.first else { return [] }
        let tally = Dictionary(grouping: found) { "\($0.0.variety.rawValue) on \($0.0.topic)" }
            .map { "\($0.key) ×\($0.value.count)" }.sorted()
        return ["\(first.1); by variety: \(tally.joined(separator: ", "))"] + found.dropFirst().map(\.1)
    }

    private func describe(_ poison: History.Poison) -> String {
        "\(poison.variety.rawValue) on \(poison.topic) (key \(poison.key), sent at \(String(format: "%.1fs", poison.endSeconds)))"
    }
}
