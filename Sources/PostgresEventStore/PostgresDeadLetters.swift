import EventSourcing
import Foundation
import Postgres

/// The dead-letter box in the event store's `dead_letters` table. Payloads are stored as bytes
/// (a payload that is not UTF-8 is one reason to park a message); headers as a JSON array of pairs.
public struct PostgresDeadLetters: DeadLetterStore, Sendable {
    private let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// The outcome reason a parked command gets, which `release` recognises.
    static let outcomePrefix = "dead-lettered: "

    public func park(_ letter: DeadLetter) async throws(EventStoreError) {
        do {
            try await pool.withConnection { connection in
                _ = try await connection.query(
                    """
                    WITH parked AS (
                        INSERT INTO dead_letters (message_id, topic, location, message_key, headers, payload, reason)
                        VALUES ($1::uuid, $2, $3, $4, $5::jsonb, decode($6, 'hex'), $7)
                        ON CONFLICT (topic, message_id) WHERE redriven_at IS NULL DO NOTHING
                        RETURNING id
                    ), processed AS (
                        INSERT INTO processed_messages (message_id) SELECT $1::uuid WHERE $1::uuid IS NOT NULL
                        ON CONFLICT DO NOTHING
                    ), rejected AS (
                        INSERT INTO command_outcomes (command_id, state, reason)
                        SELECT c.command_id, 'REJECTED', $9::text || $7::text FROM commands c WHERE c.command_id = $8::uuid
                        ON CONFLICT DO NOTHING
                    )
                    SELECT count(*) AS parked FROM parked
                    """,
                    [
                        letter.messageID, letter.topic, letter.location, letter.key, Self.encode(letter.headers),
                        Self.hex(letter.payload), letter.reason, letter.rejectsCommand, Self.outcomePrefix,
                    ])
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func unpublishedLetters(limit: Int) async throws(EventStoreError) -> [ParkedLetter] {
        try await letters(where: "published_at IS NULL", [], limit: limit)
    }

    public func markLettersPublished(_ ids: [Int64]) async throws(EventStoreError) {
        guard !ids.isEmpty else { return }
        do {
            try await pool.withConnection { connection in
                try await connection.execute(
                    "UPDATE dead_letters SET published_at = now() WHERE id = ANY($1::bigint[])",
                    ["{" + ids.map(String.init).joined(separator: ",") + "}"])
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    public func parkedLetters(of topic: String?, limit: Int) async throws(EventStoreError) -> [ParkedLetter] {
        try await letters(where: "redriven_at IS NULL AND ($1::text IS NULL OR topic = $1)", [topic], limit: limit)
    }

    public func release(_ id: Int64) async throws(EventStoreError) -> Bool {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    WITH released AS (
                        UPDATE dead_letters SET redriven_at = now() WHERE id = $1 AND redriven_at IS NULL
                        RETURNING message_id
                    ), unmarked AS (
                        DELETE FROM processed_messages WHERE message_id IN (SELECT message_id FROM released)
                    ), reopened AS (
                        DELETE FROM command_outcomes WHERE command_id IN (SELECT message_id FROM released)
                        AND state = 'REJECTED' AND starts_with(reason, $2)
                    )
                    SELECT count(*) AS released FROM released
                    """, [id, Self.outcomePrefix])
            }
            return try rows.first?.int("released") == 1
        } catch {
            throw EventStoreError.from(error)
        }
    }

    private func letters(
        where condition: String, _ parameters: [(any PostgresBindable)?], limit: Int
    ) async throws(EventStoreError) -> [ParkedLetter] {
        do {
            let rows = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT id, message_id, topic, location, message_key, headers::text AS headers,
                           encode(payload, 'hex') AS payload, reason
                    FROM dead_letters WHERE \(condition) ORDER BY id LIMIT $\(parameters.count + 1)
                    """, parameters + [limit])
            }
            return try rows.map { row in
                ParkedLetter(
                    id: try row.int64("id"),
                    letter: DeadLetter(
                        messageID: try row.optionalUUID("message_id"), topic: try row.string("topic"),
                        location: try row.string("location"), key: try row.optionalString("message_key"),
                        headers: try Self.decode(try row.string("headers")),
                        payload: try Self.bytes(hex: try row.string("payload")), reason: try row.string("reason")))
            }
        } catch {
            throw EventStoreError.from(error)
        }
    }

    static func encode(_ headers: [MessageHeader]) -> String {
        let pairs = headers.map { [$0.name, $0.value] }
        let data = (try? JSONSerialization.data(withJSONObject: pairs)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ json: String) throws -> [MessageHeader] {
        guard let pairs = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String]] else {
            throw EventStoreError(.corrupt, "dead letter headers are not a list of pairs")
        }
        return pairs.compactMap { $0.count == 2 ? MessageHeader($0[0], $0[1]) : nil }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func bytes(hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { throw EventStoreError(.corrupt, "dead letter payload is not hex") }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else {
                throw EventStoreError(.corrupt, "dead letter payload is not hex")
            }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
