import FinancingAPI

/// An operator's decision on a financed invoice (approve, reverse): the same two fields, so one
/// route body serves both.
protocol FinancingDecisionRequest: Sendable {
    init()
    var invoiceID: String { get set }
    var requestID: String { get set }
}

extension Financing_V1_ApproveFinancingRequest: FinancingDecisionRequest {}
extension Financing_V1_ReverseFinancingRequest: FinancingDecisionRequest {}
