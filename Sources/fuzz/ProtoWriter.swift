/// Writes protobuf wire format by hand, for the requests the generated types refuse to produce:
/// invalid UTF-8 in a string, a wrong wire type, an over-long varint, a field cut short.
struct ProtoWriter {
    enum WireType: UInt8 {
        case varint = 0
        case lengthDelimited = 2
    }

    private(set) var bytes: [UInt8]

    init(_ bytes: [UInt8] = []) { self.bytes = bytes }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func tag(_ field: Int, _ wireType: WireType) {
        varint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    /// A length-delimited field (string, bytes or nested message) with exactly these bytes.
    mutating func lengthDelimited(_ field: Int, _ content: [UInt8]) {
        tag(field, .lengthDelimited)
        varint(UInt64(content.count))
        bytes += content
    }

    mutating func varintField(_ field: Int, _ value: UInt64) {
        tag(field, .varint)
        varint(value)
    }

    /// The bytes of a length-delimited field, to know how much of a message it takes.
    static func lengthDelimitedField(_ field: Int, _ content: [UInt8]) -> [UInt8] {
        var writer = ProtoWriter()
        writer.lengthDelimited(field, content)
        return writer.bytes
    }
}
