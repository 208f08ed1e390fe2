import Authentication
import CanonicalUUID
import EventSourcing

extension StreamID {
    /// Reading this stream as SPEC §6's table rules on it: an investor's or issuer's own stream is
    /// theirs, an invoice's is its issuer's, read from the stream's first event. A stream with no
    /// such event (unknown, or not ours to read) is nobody's, so only an operator learns that it
    /// does not exist.
    public func protectedRead(firstEvent: RecordedEvent?) -> ProtectedCall {
        switch aggregateType {
        case "Investor", "Issuer":
            return .eventStream(ownerID: id.canonicalText)
        default:
            guard let firstEvent, case .invoice(_, .created(let listing))? = try? DomainEvent.decode(firstEvent)
            else { return .eventStream(ownerID: "") }
            return .eventStream(ownerID: listing.issuer.description)
        }
    }
}
