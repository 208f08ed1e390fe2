/// The latencies of the pipeline's stages, each over the commands or events of the load window.
struct LatencyFigures: Codable, Sendable {
    /// Client clock: request sent → gRPC answer (the command is recorded and enqueued).
    let requestToAccepted: LatencySummary
    /// `commands.accepted_at` → `command_outcomes.completed_at` (both PostgreSQL now()).
    let acceptedToOutcome: LatencySummary
    /// The same, per command kind.
    let acceptedToOutcomeByKind: [String: LatencySummary]
    /// `command_outcomes.completed_at` → the command's first event on the bus (`EventSource` says how that is timed).
    let outcomeToFirstEvent: LatencySummary
    /// `commands.accepted_at` → `events.published_at` of the command's first event (the relayer marks it
    /// right after the broker's acknowledgement): the "accepted → event acknowledged".
    let acceptedToEventAcknowledged: LatencySummary
    /// An event on the bus (timed as above) → the read model's row shows its version (polled).
    let eventToReadModel: LatencySummary
    /// Request sent (client clock) → `completed_at`: what a client waits before GetCommandStatus can answer.
    let requestToOutcome: LatencySummary
}
