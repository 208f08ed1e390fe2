/// How a request is sent: plainly, with a deadline already over, or cancelled by the client while
/// it is under way.
enum CallMode: Sendable, Equatable {
    case plain
    /// `CallOptions.timeout` of zero.
    case zeroDeadline
    /// The calling task is cancelled after a random pause of up to this many microseconds.
    case cancel(maxMicros: Int)
}
