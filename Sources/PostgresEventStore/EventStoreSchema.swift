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
        -- The transaction that appended the event: followers of the store (policies, projections) read
        -- events by (transaction_id, position) only from transactions that have ended, so an append that
        -- commits after a later one is never skipped (positions are handed out at insert, not at commit).
        ALTER TABLE events ADD COLUMN IF NOT EXISTS transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id();
        CREATE INDEX IF NOT EXISTS events_by_transaction ON events (transaction_id, position);
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
        -- When a command was last put on the bus: the redelivery sweep enqueues again the commands that
        -- have no outcome long after that (a broker that lost them), and counts how often it did.
        ALTER TABLE commands ADD COLUMN IF NOT EXISTS last_enqueued_at timestamptz;
        ALTER TABLE commands ADD COLUMN IF NOT EXISTS redeliveries integer NOT NULL DEFAULT 0;
        CREATE INDEX IF NOT EXISTS commands_by_acceptance ON commands (accepted_at);
        -- Who submitted the command (SPEC §6): GetCommandStatus answers only them (and operators), and the
        -- handler re-checks them before the command has an effect. Null only for older rows.
        ALTER TABLE commands ADD COLUMN IF NOT EXISTS actor_subject text;
        ALTER TABLE commands ADD COLUMN IF NOT EXISTS actor_role text;
        -- Written by the handler in the same transaction as the command's effect.
        CREATE TABLE IF NOT EXISTS command_outcomes (
            command_id    uuid PRIMARY KEY,
            state         text NOT NULL CHECK (state IN ('SUCCEEDED', 'REJECTED')),
            reason        text,
            completed_at  timestamptz NOT NULL DEFAULT now()
        );
        -- Where each follower of the event store has got to (the saga's policies).
        CREATE TABLE IF NOT EXISTS subscriptions (
            name            text PRIMARY KEY,
            transaction_id  xid8 NOT NULL,
            position        bigint NOT NULL,
            updated_at      timestamptz NOT NULL DEFAULT now()
        );
        -- Messages that can never be handled, with why: written with the message's processed mark (and a
        -- command's REJECTED outcome) in one transaction, then published to <topic>.dlq by the relayer.
        -- Kept here, not only on the bus, because the bus may lose them.
        CREATE TABLE IF NOT EXISTS dead_letters (
            id              bigserial PRIMARY KEY,
            message_id      uuid,
            topic           text NOT NULL,
            location        text NOT NULL,
            message_key     text,
            headers         jsonb NOT NULL,
            payload         bytea NOT NULL,
            reason          text NOT NULL,
            dead_lettered_at timestamptz NOT NULL DEFAULT now(),
            published_at    timestamptz,
            redriven_at     timestamptz
        );
        CREATE UNIQUE INDEX IF NOT EXISTS dead_letters_once ON dead_letters (topic, message_id)
            WHERE redriven_at IS NULL;
        CREATE INDEX IF NOT EXISTS dead_letters_unpublished ON dead_letters (id) WHERE published_at IS NULL;
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
