import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Synchronization

/// Builds the `IncomingMessage`s the broker would deliver, from the same wire codecs the
/// listener, Registering and the relayer use.
enum Inbound {
    private static let offsets = Atomic<Int64>(0)

    /// An outgoing message as a consumer receives it.
    static func received(_ message: OutgoingMessage) -> IncomingMessage {
        IncomingMessage(
            topic: message.topic, partition: 0, offset: offsets.wrappingAdd(1, ordering: .relaxed).newValue,
            key: message.key, payload: message.payload, headers: message.headers)
    }

    /// An integration event from Registering on `registering.events`.
    static func registration(_ event: IntegrationEvent, messageID: UUID = UUID()) -> IncomingMessage {
        received(.integration(event, messageID: messageID))
    }

    /// A command from the listener on `financing.commands`; its message id is the command id.
    static func command(_ command: FinancingCommand, id: UUID = UUID(), traceparent: String? = nil) -> IncomingMessage {
        received(.command(accepted(command, id: id), traceparent: traceparent))
    }

    /// A stored domain event as the relayer publishes it on `financing.events`.
    static func event(_ recorded: RecordedEvent) -> IncomingMessage {
        received(.event(recorded))
    }

    /// A message with exactly these parts, for the malformed cases.
    static func raw(topic: String, payload: [UInt8], headers: [MessageHeader], key: String? = nil) -> IncomingMessage {
        received(OutgoingMessage(topic: topic, key: key, payload: payload, headers: headers))
    }

    /// The operator the tests' approvals and reversals come from.
    static let anOperator = CommandActor(subject: "0e7c4a52-4c1d-4d7e-9b8a-5f2e1d3c4b6a", role: "operator")

    /// Who submits `command` when a test does not say: the issuer selling, the investor bidding,
    /// the operator approving or reversing (SPEC §6).
    static func submitter(of command: FinancingCommand) -> CommandActor {
        switch command {
        case .sellInvoice(_, let issuer, _): CommandActor(subject: issuer.description, role: "issuer")
        case .bidOnInvoice(let investor, _, _): CommandActor(subject: investor.description, role: "investor")
        case .approveFinancing, .reverseFinancing: anOperator
        }
    }

    /// The command as the listener records it in the command log.
    static func accepted(_ command: FinancingCommand, id: UUID, actor: CommandActor? = nil) -> AcceptedCommand {
        AcceptedCommand(
            commandID: id, type: command.type, targetID: command.targetID, payload: command.encoded(),
            fingerprint: command.fingerprint, actor: actor ?? submitter(of: command))
    }
}

/// The dead-letter port as a test double: remembers what was published, in order.
final class RecordingPublisher: MessagePublisher, Sendable {
    private let published = Mutex<[OutgoingMessage]>([])

    func publish(_ messages: [OutgoingMessage]) async throws(MessagingError) {
        published.withLock { $0 += messages }
    }

    var messages: [OutgoingMessage] { published.withLock { $0 } }
}

extension OutgoingMessage {
    /// The first header with that name.
    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }
}

/// JSON in a canonical text (sorted keys, no whitespace), for comparisons that ignore the key
/// order and spacing jsonb rewrites.
enum JSON {
    static func canonical(_ bytes: [UInt8]) throws -> String {
        try canonical(object: JSONSerialization.jsonObject(with: Data(bytes)))
    }

    static func canonical(_ object: [String: Any]) throws -> String {
        try canonical(object: object)
    }

    static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) throws -> Bool {
        try canonical(lhs) == canonical(rhs)
    }

    private static func canonical(object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}

/// An amount in minor units (cents).
func cents(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits) }
