/// What handling one message against one aggregate came to.
public enum DecisionResult<Event: Sendable, Failure: Error>: Sendable {
    /// The events were committed.
    case committed([Event])
    /// A rule refused the command; the refusal was recorded, nothing else changed.
    case rejected(Failure)
    /// The message had been handled before; nothing changed.
    case duplicate
}
