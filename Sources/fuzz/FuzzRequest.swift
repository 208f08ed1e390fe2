import Foundation

/// One request as built for a case: the bytes on the wire and what is needed to judge the answer.
struct FuzzRequest: Sendable {
    let bytes: [UInt8]
    /// Which variant of the case this is (e.g. which bad UUID), shown in failure examples.
    let variant: String
    /// The request_id it carried, when it carried a well-formed one: no command may be recorded
    /// under it (unless the case is a probe).
    let requestID: UUID?
    /// Whose token it carries.
    let credential: FuzzCredential

    init(bytes: [UInt8], variant: String, requestID: UUID? = nil, credential: FuzzCredential = .anOperator) {
        self.bytes = bytes
        self.variant = variant
        self.requestID = requestID
        self.credential = credential
    }
}
