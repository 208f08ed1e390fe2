import EventSourcing
import FinancingMessages
import Metrics

/// What the handler reports per message: how long handling took, how it ended, and what went to
/// a dead-letter topic. Labels stay few and bounded (kinds, outcomes, topics), never ids.
public struct HandlerMetrics: Sendable {
    /// How a handled message ended.
    enum Outcome: String {
        /// Its events (or none, for a rule that only records the outcome) were committed.
        case succeeded
        /// The aggregate refused it; the refusal is the command's recorded outcome.
        case rejected
        /// A redelivery of a message already handled: nothing changed.
        case duplicate
        /// It went to the dead-letter topic.
        case deadLettered = "dead_lettered"
    }

    let factory: any MetricsFactory

    /// Records through `factory`; the process-wide `MetricsSystem` unless a test passes its own.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// A message was handled (its effect or dead-lettering is durable) in `duration`.
    func handled(_ message: IncomingMessage, in duration: Duration) {
        Timer(
            label: "financing_handler_message_duration_seconds", dimensions: [("kind", Self.kind(of: message))],
            factory: factory
        ).record(duration: duration)
    }

    func ended(_ outcome: Outcome) {
        let outcomes = Counter(
            label: "financing_handler_outcomes_total", dimensions: [("outcome", outcome.rawValue)], factory: factory)
        outcomes.increment()
    }

    /// A command's fact about another aggregate (the issuer exists, the invoice exists) was answered from the
    /// handler's `KnownStreams` or by the event store.
    func existenceChecked(answeredFromMemory: Bool) {
        Counter(
            label: "financing_handler_existence_checks_total",
            dimensions: [("answered_by", answeredFromMemory ? "memory" : "store")], factory: factory
        ).increment()
    }

    /// A message was published to `topic`, a dead-letter topic.
    func deadLettered(to topic: String) {
        ended(.deadLettered)
        Counter(label: "financing_dead_letters_total", dimensions: [("topic", topic)], factory: factory).increment()
    }

    /// The message's kind by where it came from.
    private static func kind(of message: IncomingMessage) -> String {
        switch message.topic {
        case Topic.commands: "command"
        case Topic.registering: "registration"
        case Topic.events: "event"
        default: "other"
        }
    }
}
