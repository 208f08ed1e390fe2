import GRPCCore

/// Sends the bytes it is given as the message, unchanged: the request can be anything, even what
/// no protobuf encoder would produce.
struct RawBytesSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }
}
