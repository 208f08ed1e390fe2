import Authentication
import FinancingAPI
import Foundation
import GRPCCore

extension Catalogue {
    /// Well-formed requests of every RPC with a credential that proves nothing (UNAUTHENTICATED,
    /// saying only "unauthenticated"), and with a valid token of a party the request is not
    /// theirs to make (PERMISSION_DENIED, saying only "permission denied").
    static func authenticationCases(_ hostile: [HostileToken]) -> [FuzzCase] {
        let refused = Endpoint.allCases.flatMap { endpoint in
            hostile.map { token in
                FuzzCase(
                    endpoint: endpoint, category: .authentication, name: token.name, weight: 10,
                    expected: [token.expected], message: "unauthenticated"
                ) { g in
                    let (bytes, requestID) = ValidRequest.bytes(for: endpoint, &g)
                    return FuzzRequest(
                        bytes: bytes, variant: token.name, requestID: requestID, credential: .header(token.header))
                }
            }
        }
        return refused + otherPartyCases()
    }

    /// Each party's own call made with a valid token of another party of the same role.
    private static func otherPartyCases() -> [FuzzCase] {
        let denied: Set = [RPCError.Code.permissionDenied]
        return [
            FuzzCase(
                endpoint: .sellInvoice, category: .authentication, name: "another issuer's valid token", weight: 20,
                expected: denied, message: "permission denied"
            ) { g in
                let requestID = g.uuid()
                let request = ValidRequest.sell(&g, requestID: requestID)
                return FuzzRequest(
                    bytes: ValidRequest.wire(request), variant: "issuer", requestID: requestID,
                    credential: .party(.issuer(g.uuidText())))
            },
            FuzzCase(
                endpoint: .bidOnInvoice, category: .authentication, name: "another investor's valid token", weight: 20,
                expected: denied, message: "permission denied"
            ) { g in
                let requestID = g.uuid()
                let request = ValidRequest.bid(&g, requestID: requestID)
                return FuzzRequest(
                    bytes: ValidRequest.wire(request), variant: "investor", requestID: requestID,
                    credential: .party(.investor(g.uuidText())))
            },
            FuzzCase(
                endpoint: .getInvestor, category: .authentication, name: "another investor's valid token", weight: 20,
                expected: denied, message: "permission denied"
            ) { g in
                FuzzRequest(
                    bytes: ValidRequest.wire(ValidRequest.getInvestor(&g)), variant: "investor",
                    credential: .party(.investor(g.uuidText())))
            },
            FuzzCase(
                endpoint: .approveFinancing, category: .authentication, name: "an investor's valid token", weight: 20,
                expected: denied, message: "permission denied"
            ) { g in
                let requestID = g.uuid()
                return FuzzRequest(
                    bytes: ValidRequest.wire(ValidRequest.approve(&g, requestID: requestID)), variant: "investor",
                    requestID: requestID, credential: .party(.investor(g.uuidText())))
            },
        ]
    }
}
