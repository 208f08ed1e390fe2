import CanonicalUUID
import struct Foundation.UUID

/// Names one aggregate's event stream: its type (`Investor`, `Invoice`, `Issuer`) and id.
public struct StreamID: Hashable, Sendable, CustomStringConvertible {
    /// The aggregate type, as in the `aggregate_type` header.
    public let aggregateType: String
    /// The aggregate id.
    public let id: UUID

    public init(aggregateType: String, id: UUID) {
        self.aggregateType = aggregateType
        self.id = id
    }

    public var description: String { "\(aggregateType)-\(id.canonicalText)" }
}
