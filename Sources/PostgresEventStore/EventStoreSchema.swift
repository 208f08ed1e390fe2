import Postgres

/// The event store's tables, created idempotently at start by every component that needs them.
public enum EventStoreSchema {
    /// The NOTIFY channel on which committed appends wake the relayer.
    public static let outboxChannel = "financing_outbox"

    /// Serialized by an advisory lock so several processes starting at once don't race on DDL.
    static let script = """
        BEGIN;
        SELECT pg_advisory_xact_lock(727001);
        CREATE TABLE IF NOT EXISTS events (
            position        bigserial PRIMARY KEY,
            event_id        uuid NOT NULL UNIQUE,
            aggregate_type  text NOT NULL,
            aggregate_id    uuid NOT NULL,
            version         integer NOT NULL CHECK (version > 0),
            event_type      text NOT NULL,
            schema_version  integer NOT NULL DEFAULT 1,
            payload         jsonb NOT NULL,
            causation_id    uuid,
            traceparent     text,
            recorded_at     timestamptz NOT NULL DEFAULT now(),
            published_at    timestamptz,
            CONSTRAINT events_stream_version UNIQUE (aggregate_id, version)
        );
        -- The relayer's work queue: small, because published rows leave it.
        CREATE INDEX IF NOT EXISTS events_unpublished ON events (position) WHERE published_at IS NULL;
        -- Wakes the relayer when events commit (NOTIFY is delivered at commit, once per transaction and
        -- channel), so publication does not wait out the poll interval; the poll stays as the fallback.
        CREATE OR REPLACE FUNCTION financing_notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('\(outboxChannel)', '');
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE TRIGGER events_notify_outbox AFTER INSERT ON events
            FOR EACH STATEMENT EXECUTE FUNCTION financing_notify_outbox();
        -- One row per handled message: the deduplication that makes effects exactly-once.
        CREATE TABLE IF NOT EXISTS processed_messages (
            message_id    uuid PRIMARY KEY,
            processed_at  timestamptz NOT NULL DEFAULT now()
        );
        -- Commands as the listener accepted them; a retried request_id finds its first record.
        CREATE TABLE IF NOT EXISTS commands (
            command_id    uuid PRIMARY KEY,
            command_type  text NOT NULL,
            target_id     uuid NOT NULL,
            payload       jsonb NOT NULL,
            fingerprint   text NOT NULL,
            accepted_at   timestamptz NOT NULL DEFAULT now()
        );
        -- Written by the handler in the same transaction as the command's effect.
        CREATE TABLE IF NOT EXISTS command_outcomes (
            command_id    uuid PRIMARY KEY,
            state         text NOT NULL CHECK (state IN ('SUCCEEDED', 'REJECTED')),
            reason        text,
            completed_at  timestamptz NOT NULL DEFAULT now()
        );
        -- A cache of aggregate states: losing it costs a longer load, never state.
        CREATE TABLE IF NOT EXISTS snapshots (
            aggregate_id  uuid NOT NULL,
            revision      integer NOT NULL,
            version       integer NOT NULL,
            state         jsonb NOT NULL,
            taken_at      timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (aggregate_id, revision)
        );
        COMMIT;
        """

    /// Creates the tables and indexes that are missing.
    public static func migrate(_ pool: PostgresPool) async throws {
        try await pool.withConnection { connection in try await connection.executeScript(script) }
    }
}
