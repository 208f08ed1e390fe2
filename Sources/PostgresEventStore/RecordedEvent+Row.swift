import EventSourcing
import Postgres

extension RecordedEvent {
    /// The columns `init(row:)` reads, in a SELECT list.
    static let columns = """
        position, event_id, aggregate_type, aggregate_id, version, event_type, schema_version, payload::text AS payload,
        causation_id, traceparent
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
            traceparent: try row.optionalString("traceparent"))
    }
}
