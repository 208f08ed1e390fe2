import Foundation

extension History {
    /// One malformed message the poisoner produced, traceable on the topic and on its `.dlq` by
    /// its `chaos_poison` header (and its key), even when the defect is a missing `message_id`.
    struct Poison: Codable, Sendable {
        /// The value of the `chaos_poison` header.
        let id: UUID
        let topic: String
        let variety: PoisonVariety
        let key: String
        /// The `message_id` header as sent: nil when the variety leaves it out, not a UUID when
        /// the variety spoils it.
        let messageID: String?
        /// The aggregate the message would have created or changed, had it been handled.
        let target: UUID
        /// Seconds since the run began.
        let startSeconds: Double
        let endSeconds: Double
        let attempts: Int
        /// `ok` once the broker acknowledged it, `info` when the poisoner gave up (it may or may
        /// not be on the topic).
        let outcome: Call.Outcome
        var detail: String?
    }
}
