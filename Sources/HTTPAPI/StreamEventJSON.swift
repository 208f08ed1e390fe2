import EventSourcing
import Foundation

/// One event as the event store holds it: its version in the stream, its type, its payload as
/// stored and when it was committed (RFC 3339, UTC, microseconds).
struct StreamEventJSON: Encodable {
    let version: Int
    let type: String
    let data: JSONValue
    let recordedAt: String?

    enum CodingKeys: String, CodingKey {
        case version, type, data
        case recordedAt = "recorded_at"
    }

    init(_ event: RecordedEvent) {
        version = event.version
        type = event.type
        // The store only holds payloads it encoded as JSON objects; a row that is not one still
        // shows, as null, rather than hiding the rest of the stream.
        data = (try? JSONDecoder().decode(JSONValue.self, from: Data(event.payload))) ?? .null
        recordedAt = event.recordedAt.map {
            $0.formatted(
                .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(type, forKey: .type)
        try container.encode(data, forKey: .data)
        try container.encode(recordedAt, forKey: .recordedAt)
    }
}
