import Foundation
import Postgres

/// One row of the event store as the checkers read it, with the payload fields they need.
struct StoredEvent: Sendable {
    /// The JSON fields of SPEC §4 that money and sagas depend on.
    struct Payload: Decodable, Sendable {
        /// An investor's winning or rejected bid.
        struct Bid: Decodable, Sendable {
            let investorID: UUID
            let amount: Int64

            enum CodingKeys: String, CodingKey {
                case investorID = "investor_id"
                case amount
            }
        }

        let amount: Int64?
        let bidAmount: Int64?
        let askingPrice: Int64?
        let bid: Bid?

        enum CodingKeys: String, CodingKey {
            case amount
            case bidAmount = "bid_amount"
            case askingPrice = "asking_price"
            case bid
        }
    }

    static let columns = """
        position, event_id, aggregate_type, aggregate_id, version, event_type, payload::text AS payload,
        causation_id, published_at IS NOT NULL AS published
        """

    let position: Int64
    let eventID: UUID
    let aggregateType: String
    let aggregateID: UUID
    let version: Int
    let type: String
    let payload: Payload
    let causationID: UUID?
    let published: Bool

    init(row: PostgresRow) throws {
        position = try row.int64("position")
        eventID = try row.uuid("event_id")
        aggregateType = try row.string("aggregate_type")
        aggregateID = try row.uuid("aggregate_id")
        version = try row.int("version")
        type = try row.string("event_type")
        payload = try JSONDecoder().decode(Payload.self, from: Data(try row.string("payload").utf8))
        causationID = try row.optionalUUID("causation_id")
        published = try row.bool("published")
    }
}
