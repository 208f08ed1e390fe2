import CanonicalUUID
import struct Foundation.UUID

/// A typed UUID, so an investor's id can never be passed where an invoice's is expected.
public struct Identifier<Tag>: Hashable, Sendable, CustomStringConvertible {
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps a UUID.
    public init(_ uuid: UUID) { self.uuid = uuid }

    /// Parses a canonical UUID string; nil when it is not one.
    public init?(_ text: String) {
        guard let uuid = UUID(canonical: text) else { return nil }
        self.uuid = uuid
    }

    /// Lower-case canonical text, as on the wire.
    public var description: String { uuid.canonicalText }
}

/// Identifies an investor.
public typealias InvestorID = Identifier<Investor>
/// Identifies an issuer.
public typealias IssuerID = Identifier<Issuer>
/// Identifies an invoice.
public typealias InvoiceID = Identifier<Invoice>
