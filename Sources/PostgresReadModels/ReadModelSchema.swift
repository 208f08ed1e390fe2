import Postgres

/// The read models' tables in the queries database, created idempotently at start.
public enum ReadModelSchema {
    /// Serialized by an advisory lock so several processes starting at once don't race on DDL.
    static let script = """
        BEGIN;
        SELECT pg_advisory_xact_lock(727003);
        -- Each projected row remembers the aggregate version it reflects: only the next version applies,
        -- so a replayed event changes nothing and none is ever applied over a missing one.
        CREATE TABLE IF NOT EXISTS investors (
            investor_id  uuid PRIMARY KEY,
            balance      bigint NOT NULL DEFAULT 0,
            reserved     bigint NOT NULL DEFAULT 0,
            committed    bigint NOT NULL DEFAULT 0,
            version      integer NOT NULL
        );
        CREATE TABLE IF NOT EXISTS issuers (
            issuer_id    uuid PRIMARY KEY,
            version      integer NOT NULL
        );
        CREATE TABLE IF NOT EXISTS invoices (
            invoice_id           uuid PRIMARY KEY,
            issuer_id            uuid NOT NULL,
            asking_price         bigint NOT NULL,
            status               text NOT NULL,
            winning_investor_id  uuid,
            winning_amount       bigint,
            version              integer NOT NULL
        );
        CREATE INDEX IF NOT EXISTS invoices_by_status ON invoices (status, invoice_id);
        -- Where the projections have got to in the event store's commit order (PostgresCheckpoints):
        -- here, beside what they built, so that emptying the read models starts them over.
        CREATE TABLE IF NOT EXISTS subscriptions (
            name            text PRIMARY KEY,
            transaction_id  xid8 NOT NULL,
            position        bigint NOT NULL,
            updated_at      timestamptz NOT NULL DEFAULT now()
        );
        -- Names from Registering's integration events: not in the event store, so a rebuild keeps them.
        CREATE TABLE IF NOT EXISTS registered_names (
            id    uuid PRIMARY KEY,
            kind  text NOT NULL,
            name  text NOT NULL
        );
        COMMIT;
        """

    /// Creates the tables and indexes that are missing.
    public static func migrate(_ pool: PostgresPool) async throws {
        try await pool.withConnection { connection in try await connection.executeScript(script) }
    }
}
