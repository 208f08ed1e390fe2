import EventSourcing
import Postgres

extension EventStoreError {
    /// Classifies a database failure: a broken connection or server is `.unavailable` (pause,
    /// retry); anything else is also retried as unavailable, but logged with its SQLSTATE.
    static func from(_ error: any Error, stream: StreamID? = nil) -> EventStoreError {
        if let error = error as? EventStoreError { return error }
        if let error = error as? PostgresError {
            return EventStoreError(.unavailable, "\(error)", stream: stream)
        }
        return EventStoreError(.unavailable, "\(error)", stream: stream)
    }
}
