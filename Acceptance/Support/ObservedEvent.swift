import Foundation
import Kafka

/// One message read from `financing.events`, as the test sees it on the wire.
struct ObservedEvent: Sendable, CustomStringConvertible {
    let partition: Int32
    let offset: Int64
    let key: String?
    /// Header values by name (the first one when a name repeats), and how often each name appeared.
    let headers: [String: String]
    let headerCounts: [String: Int]
    let payload: JSON?
    let rawPayload: String

    init(_ message: KafkaMessage) {
        partition = message.partition
        offset = message.offset
        key = message.key.map { String(decoding: $0, as: UTF8.self) }
        var headers: [String: String] = [:]
        var counts: [String: Int] = [:]
        for header in message.headers {
            counts[header.key, default: 0] += 1
            if headers[header.key] == nil { headers[header.key] = String(decoding: header.value, as: UTF8.self) }
        }
        self.headers = headers
        headerCounts = counts
        payload = try? JSONDecoder().decode(JSON.self, from: Data(message.value))
        rawPayload = String(decoding: message.value, as: UTF8.self)
    }

    var type: String? { headers["message_type"] }
    var messageID: String? { headers["message_id"] }
    var aggregateID: String? { headers["aggregate_id"] }
    var aggregateVersion: Int? { headers["aggregate_version"].flatMap { Int($0) } }

    /// What the test compares against its expectation: type, aggregate type and payload.
    var essence: ExpectedEvent {
        ExpectedEvent(
            type: type ?? "<no message_type>", aggregateType: headers["aggregate_type"] ?? "<none>",
            payload: payload ?? .string("<not JSON: \(rawPayload)>"))
    }

    /// Whether `other` is a redelivery of this very message (allowed: at-least-once).
    func isRedelivery(of other: ObservedEvent) -> Bool {
        messageID != nil && messageID == other.messageID && headers == other.headers && rawPayload == other.rawPayload
    }

    var description: String {
        let shown = headers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "[\(partition)@\(offset) key=\(key ?? "nil") \(shown)] \(rawPayload)"
    }
}
