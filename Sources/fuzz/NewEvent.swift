import Foundation

/// An event appended since the run began, with whether its aggregate existed before.
struct NewEvent: Sendable {
    let position: Int64
    let aggregateID: UUID
    let aggregateType: String
    let type: String
    let causationID: UUID?
    /// The aggregate had events before the run (activity that was already under way).
    let aggregateKnown: Bool
}
