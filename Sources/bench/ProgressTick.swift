/// The counters once a second, printed on stderr and kept in the JSON as a timeline.
struct ProgressTick: Codable, Sendable {
    let elapsedS: Double
    let phase: String
    let accepted: Int
    let processed: Int
    let pending: Int
    let errors: Int
    let eventsReceived: Int
    let projectionPending: Int
}
