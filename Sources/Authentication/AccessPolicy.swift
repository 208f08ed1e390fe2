/// Who may make which call: SPEC §6's table, in one place for every edge (gRPC, HTTP) and for
/// the handler's re-check of the actor recorded with a command.
///
/// A decision compares ids only, never looks anything up, so a refusal says nothing about
/// whether another investor or issuer exists.
public enum AccessPolicy {
    public static func permits(_ caller: Caller, _ call: ProtectedCall) -> Bool {
        switch (call, caller.role) {
        case (.sellInvoice(let issuerID), .issuer): issuerID == caller.subject
        case (.bidOnInvoice(let investorID), .investor): investorID == caller.subject
        case (.approveFinancing, .operator), (.reverseFinancing, .operator): true
        case (.getCommandStatus, .operator): true
        case (.getCommandStatus(let submitter), _): submitter == caller.subject
        case (.getInvestor, .operator): true
        case (.getInvestor(let investorID), .investor): investorID == caller.subject
        case (.allInvestors, .operator), (.allIssuers, .operator): true
        case (.eventStream, .operator): true
        case (.eventStream(let ownerID), .investor), (.eventStream(let ownerID), .issuer): ownerID == caller.subject
        case (.allInvoices, _), (.getInvoice, _): true
        default: false
        }
    }

    /// Whether an invoice's winning bid shows its investor's id to `caller`: only to that
    /// investor, the invoice's issuer and operators.
    public static func revealsWinningInvestor(to caller: Caller, investorID: String, issuerID: String) -> Bool {
        switch caller.role {
        case .operator: true
        case .investor: investorID == caller.subject
        case .issuer: issuerID == caller.subject
        }
    }
}
