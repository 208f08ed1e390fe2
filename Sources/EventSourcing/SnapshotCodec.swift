/// Turns an aggregate's state into a snapshot's bytes and back. `revision` changes whenever the
/// format does, so snapshots of an older format are ignored (the state is folded from events).
public struct SnapshotCodec<State: Sendable>: Sendable {
    public let revision: Int
    public let encode: @Sendable (State) -> [UInt8]
    public let decode: @Sendable ([UInt8]) throws -> State

    public init(
        revision: Int, encode: @escaping @Sendable (State) -> [UInt8],
        decode: @escaping @Sendable ([UInt8]) throws -> State
    ) {
        self.revision = revision
        self.encode = encode
        self.decode = decode
    }
}
