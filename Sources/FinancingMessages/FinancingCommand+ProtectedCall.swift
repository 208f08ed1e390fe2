import Authentication

extension FinancingCommand {
    /// The call of SPEC §6's table this command is, with the ids that decide who may submit it:
    /// what the listener checks before recording it and the handler again before acting on it.
    public var protectedCall: ProtectedCall {
        switch self {
        case .sellInvoice(_, let issuer, _): .sellInvoice(issuerID: issuer.description)
        case .bidOnInvoice(let investor, _, _): .bidOnInvoice(investorID: investor.description)
        case .approveFinancing: .approveFinancing
        case .reverseFinancing: .reverseFinancing
        }
    }
}
