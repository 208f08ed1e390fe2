import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation

extension FinancingHandler {
    /// Runs the saga (`FinancingSaga`) on events read from the event store in commit order, returning
    /// once every reaction is durable. The event's own id deduplicates its reaction, so an event read
    /// twice (a follower that restarted before saving its position) has its effect once.
    ///
    /// Reactions are taken in runs of distinct targets: a run is handled side by side and recorded in
    /// one transaction; a reaction whose target already occurs in the run starts the next one, so each
    /// aggregate receives its reactions in commit order.
    public func react(to events: [RecordedEvent]) async throws {
        var rest = events.compactMap(reaction(to:))[...]
        while !rest.isEmpty {
            var targets: Set<String> = []
            var run: [PolicyReaction] = []
            while let next = rest.first, targets.insert(next.key).inserted {
                run.append(next)
                rest.removeFirst()
            }
            try await sideBySide(run) { handler, reaction in try await handler.apply(reaction) }
        }
    }

    /// One event's reaction, or nil when the saga has none. An event no policy can read is parked
    /// later, when its run is applied, so that parking is part of the durable work of the batch.
    private func reaction(to recorded: RecordedEvent) -> PolicyReaction? {
        let event: DomainEvent
        do {
            event = try DomainEvent.decode(recorded)
        } catch {
            return PolicyReaction(event: recorded, reaction: nil, unreadable: "\(error)")
        }
        let reaction: FinancingSaga.Reaction? =
            switch event {
            case .investor(let investor, let change): FinancingSaga.react(to: change, of: investor)
            case .invoice(_, let change): FinancingSaga.react(to: change)
            case .issuer: nil
            }
        return reaction.map { PolicyReaction(event: recorded, reaction: $0, unreadable: nil) }
    }

    private func apply(_ policy: PolicyReaction) async throws {
        let event = policy.event
        guard let reaction = policy.reaction else {
            return try await park(policy.deadLetter(reason: policy.unreadable ?? "unreadable event"))
        }
        let what = "policy \(event.type)"
        switch reaction {
        case .invoice(let invoice, let command):
            let result = try await executor.execute(
                Invoice.self, id: invoice.uuid, command: command, codec: .invoice, snapshotCodec: .invoice,
                messageID: event.eventID, traceparent: event.traceparent)
            if case .rejected(let failure) = result {
                return try await park(policy.deadLetter(reason: "\(what) → Invoice \(invoice) refused: \(failure)"))
            }
            log(result, what, aggregate: invoice, messageID: event.eventID)
        case .investor(let investor, let command):
            let result = try await executor.execute(
                Investor.self, id: investor.uuid, command: command, codec: .investor, snapshotCodec: .investor,
                messageID: event.eventID, traceparent: event.traceparent)
            // A policy's target refusing is not a business outcome but a broken expectation (the
            // investor does not exist): the event is parked for a person (SPEC §4).
            if case .rejected(let failure) = result {
                return try await park(policy.deadLetter(reason: "\(what) → Investor \(investor) refused: \(failure)"))
            }
            log(result, what, aggregate: investor, messageID: event.eventID)
        }
    }
}

/// A stored event and what the saga asks of another aggregate because of it.
struct PolicyReaction: Sendable {
    let event: RecordedEvent
    /// nil when the event could not be read (then `unreadable` says why).
    let reaction: FinancingSaga.Reaction?
    let unreadable: String?

    /// The aggregate the reaction changes; an unreadable event's own aggregate.
    var key: String { reaction?.target ?? event.stream.id.uuidString }

    /// The event as the relayer would publish it, parked for `reason`.
    func deadLetter(reason: String) -> DeadLetter {
        let message = OutgoingMessage.event(event)
        return DeadLetter(
            messageID: event.eventID, topic: Topic.events, location: "eventstore@\(event.position)", key: message.key,
            headers: message.headers, payload: message.payload, reason: reason)
    }
}
