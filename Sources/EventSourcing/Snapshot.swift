/// An aggregate's state as of a version, so loading it need not fold every event since the start.
public struct Snapshot: Sendable, Hashable {
    public let stream: StreamID
    /// The version of the last event folded into `state`.
    public let version: Int
    /// The state's JSON, as its `SnapshotCodec` wrote it.
    public let state: [UInt8]

    public init(stream: StreamID, version: Int, state: [UInt8]) {
        self.stream = stream
        self.version = version
        self.state = state
    }
}
