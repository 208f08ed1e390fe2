import EventSourcing
import FinancingDomain
import FinancingMessages
import Foundation
import Kafka

/// A typical event of the run (`BidOnInvoicePlaced`, encoded by the service's own codec), so the
/// baselines write and send rows and messages of the service's size.
enum SampleEvent {
    static func encoded() -> EncodedEvent {
        EventCodec<Investor.Event>.investor.encode(
            UUID(), .bidOnInvoicePlaced(invoice: InvoiceID(UUID()), amount: Money(minorUnits: 54_321)))
    }

    /// The event as the relayer would publish it (same headers), sent to `topic` instead.
    static func message(topic: String) -> KafkaOutgoingMessage {
        let event = encoded()
        let stream = StreamID(aggregateType: Investor.aggregateType, id: UUID())
        let recorded = RecordedEvent(
            position: 1, eventID: UUID(), stream: stream, version: 42, type: event.type, payload: event.payload,
            causationID: UUID(), traceparent: TraceContext.traceparent(for: UUID()))
        let message = OutgoingMessage.event(recorded)
        return KafkaOutgoingMessage(
            topic: topic, key: message.key.map { Array($0.utf8) }, value: message.payload,
            headers: message.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
    }

    /// Bytes of key, value and headers: what the broker stores per message.
    static func size(of message: KafkaOutgoingMessage) -> Int {
        (message.key?.count ?? 0) + message.value.count
            + message.headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.count }
    }
}
