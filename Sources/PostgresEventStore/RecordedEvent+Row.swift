import EventSourcing
import Postgres

import struct Foundation.Date

extension RecordedEvent {
    /// The columns `init(row:)` reads, in a SELECT list.
    static let columns = """
        position, event_id, aggregate_type, aggregate_id, version, event_type, schema_version, payload::text AS payload,
        causation_id, traceparent, (extract(epoch FROM recorded_at) * 1000000)::bigint AS recorded_at_us
        """

    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            position: try row.int64("position"),
            eventID: try row.uuid("event_id"),
            stream: StreamID(aggregateType: try row.string("aggregate_type"), id: try row.uuid("aggregate_id")),
            version: try row.int("version"),
            type: try row.string("event_type"),
            schemaVersion: try row.int("schema_version"),
            payload: Array(try row.string("payload").utf8),
            causationID: try row.optionalUUID("causation_id"),
            traceparent: try row.optionalString("traceparent"),
            recordedAt: try row.optionalInt64("recorded_at_us").map { Date(timeIntervalSince1970: Double($0) / 1e6) })
    }
}
