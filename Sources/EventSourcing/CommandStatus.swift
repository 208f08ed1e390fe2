/// What the listener knows of an accepted command: its outcome so far and who submitted it.
public struct CommandStatus: Sendable, Hashable {
    public let outcome: CommandOutcome
    /// Nil for commands recorded before actors were (they are an operator's to read).
    public let submitter: CommandActor?

    public init(outcome: CommandOutcome, submitter: CommandActor?) {
        self.outcome = outcome
        self.submitter = submitter
    }
}
