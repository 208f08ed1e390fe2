/// A call SPEC §6's table rules on, with the ids that decide who may make it.
public enum ProtectedCall: Sendable, Equatable {
    case sellInvoice(issuerID: String)
    case bidOnInvoice(investorID: String)
    case approveFinancing
    case reverseFinancing
    /// `submitter` is the subject recorded with the command; nil when there is no such command.
    case getCommandStatus(submitter: String?)
    case getInvestor(investorID: String)
    case allInvestors
    case allIssuers
    /// An aggregate's event stream: its owner is the investor or issuer it is.
    case eventStream(ownerID: String)
    case allInvoices
    case getInvoice
}
