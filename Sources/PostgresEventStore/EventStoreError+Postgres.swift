import EventSourcing
import Postgres

extension EventStoreError {
    /// Classifies a database failure: a data exception or integrity violation (SQLSTATE classes 22
    /// and 23) is `.permanent` (park the message); anything else, a broken connection or server first
    /// of all, is `.unavailable` (pause, retry), logged with its SQLSTATE. Callers that expect a unique
    /// violation (an optimistic append) turn it into `.concurrencyConflict` before this.
    static func from(_ error: any Error, stream: StreamID? = nil) -> EventStoreError {
        if let error = error as? EventStoreError { return error }
        if let error = error as? PostgresError {
            return EventStoreError(error.isPermanent ? .permanent : .unavailable, "\(error)", stream: stream)
        }
        return EventStoreError(.unavailable, "\(error)", stream: stream)
    }
}
