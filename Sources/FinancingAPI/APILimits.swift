/// The limits SPEC §6 sets on every server, shared by the servers and the harnesses that probe
/// them (scripts/fuzz).
public enum APILimits {
    /// The largest request message a server reads: a real one is under 200 bytes, and a server
    /// that buffers megabytes per call is easy to exhaust.
    public static let maximumRequestBytes = 64 * 1_024
    /// Calls open at once on one HTTP/2 connection.
    public static let maximumConcurrentStreams = 256
    /// A connection without a call for this long is closed.
    public static let maximumIdleTime = Duration.seconds(300)
}
