/// What recording a `StreamChange` did.
public enum AppendResult: Sendable, Equatable {
    /// Committed; the stream is now at this version.
    case committed(version: Int)
    /// The message had been handled before: nothing changed.
    case duplicate
}
