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
        [
            deniedCase(.sellInvoice, "another issuer's valid token") { .issuer($0) },
            deniedCase(.bidOnInvoice, "another investor's valid token") { .investor($0) },
            deniedCase(.getInvestor, "another investor's valid token") { .investor($0) },
            deniedCase(.approveFinancing, "an investor's valid token") { .investor($0) },
        ]
    }

    /// A valid request of `endpoint` made by `party` with a fresh subject: never the ids the request names.
    private static func deniedCase(
        _ endpoint: Endpoint, _ name: String, party: @escaping @Sendable (String) -> Authentication.Caller
    ) -> FuzzCase {
        FuzzCase(
            endpoint: endpoint, category: .authentication, name: name, weight: 20, expected: [.permissionDenied],
            message: "permission denied"
        ) { g in
            let (bytes, requestID) = ValidRequest.bytes(for: endpoint, &g)
            let caller = party(g.uuidText())
            return FuzzRequest(
                bytes: bytes, variant: caller.role.rawValue, requestID: requestID, credential: .party(caller))
        }
    }
}
