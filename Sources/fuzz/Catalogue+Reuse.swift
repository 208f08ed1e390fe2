import Authentication
import FinancingAPI
import Foundation

extension Catalogue {
    /// A request_id already used by a control, with a different payload: SPEC §3 makes the
    /// request_id the command's identity, so the listener must refuse it (INVALID_ARGUMENT naming
    /// request_id), not answer as for a retry and not record a second command.
    static func reuseCases(_ controls: [ReuseControl]) -> [FuzzCase] {
        guard !controls.isEmpty else { return [] }
        let commands: [Endpoint] = [.sellInvoice, .bidOnInvoice, .approveFinancing, .reverseFinancing]
        return commands.flatMap { endpoint in
            let same = controls.filter { $0.endpoint == endpoint }
            let other = controls.filter { $0.endpoint != endpoint }
            return [
                reuse(endpoint, "same RPC, different payload", same),
                reuse(endpoint, "another RPC's request_id", other),
            ]
        }
    }

    private static func reuse(_ endpoint: Endpoint, _ name: String, _ controls: [ReuseControl]) -> FuzzCase {
        FuzzCase(
            endpoint: endpoint, category: .reusedRequestID, name: name, weight: controls.isEmpty ? 0 : 100,
            expected: invalidArgument, field: "request_id"
        ) { g in
            let control = controls.randomElement(using: &g)!
            let variant = "of a \(control.endpoint.rawValue)"
            // As the party the request names: the request_id check comes after authorization.
            switch endpoint {
            case .sellInvoice:
                let request = ValidRequest.sell(&g, requestID: control.requestID)
                return FuzzRequest(
                    bytes: ValidRequest.wire(request), variant: variant, credential: .party(.issuer(request.issuerID)))
            case .bidOnInvoice:
                let request = ValidRequest.bid(&g, requestID: control.requestID)
                return FuzzRequest(
                    bytes: ValidRequest.wire(request), variant: variant,
                    credential: .party(.investor(request.investorID)))
            case .approveFinancing:
                return FuzzRequest(
                    bytes: ValidRequest.wire(ValidRequest.approve(&g, requestID: control.requestID)), variant: variant)
            default:
                return FuzzRequest(
                    bytes: ValidRequest.wire(ValidRequest.reverse(&g, requestID: control.requestID)), variant: variant)
            }
        }
    }
}
