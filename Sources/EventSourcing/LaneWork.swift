/// What a lane of `ConsumerLoop` does with the messages it takes.
enum LaneWork: Sendable {
    /// Each message on its own: processed, then acknowledged, before the next one starts.
    case each(@Sendable (IncomingMessage) async throws -> Void)
    /// All the messages taken at once, in one call that makes their effects durable together;
    /// then the last one is acknowledged, which acknowledges the partition up to it.
    case batch(@Sendable ([IncomingMessage]) async throws -> Void)
}
