import FinancingAPI
import GRPCCore
import Hummingbird
import Testing

@testable import HTTPAPI

@Suite("The use cases' errors as the HTTP edge answers them")
struct APIErrorTests {
    @Test(
        "each gRPC code maps to its HTTP status and name",
        arguments: [
            (RPCError.Code.invalidArgument, HTTPResponse.Status.badRequest, "INVALID_ARGUMENT"),
            (.unauthenticated, .unauthorized, "UNAUTHENTICATED"), (.permissionDenied, .forbidden, "PERMISSION_DENIED"),
            (.notFound, .notFound, "NOT_FOUND"), (.unavailable, .serviceUnavailable, "UNAVAILABLE"),
            (.resourceExhausted, .tooManyRequests, "RESOURCE_EXHAUSTED"),
        ])
    func codes(code: RPCError.Code, status: HTTPResponse.Status, name: String) {
        let answer = APIError(RPCError(code: code, message: "m"))
        #expect(answer.status == status)
        #expect(answer.code == name)
        #expect(answer.message == "m")
    }

    @Test("an internal error says nothing of what went wrong")
    func internalError() {
        let answer = APIError(RPCError(code: .internalError, message: "row 7 of table commands is corrupt"))
        #expect(answer.status == .internalServerError)
        #expect(answer.message == "internal error")
    }

    @Test("the field travels with the error, request_id named as the header that carries it here")
    func fields() {
        let bad = APIError(RPCError.invalidArgument(field: "asking_price", "must be positive, got 0"))
        #expect(bad.field == "asking_price")
        #expect(bad.message == "asking_price must be positive, got 0")
        let key = APIError(RPCError.invalidArgument(field: "request_id", "must be a canonical lower-case UUID"))
        #expect(key.field == "Idempotency-Key")
        #expect(key.message == "Idempotency-Key must be a canonical lower-case UUID")
    }

    @Test("a request_id used for another request is 409")
    func reuse() {
        var error = RPCError.invalidArgument(field: "request_id", "x was already used for a different request")
        error.metadata.addString("true", forKey: RPCError.requestIDReusedKey)
        let answer = APIError(error)
        #expect(answer.status == .conflict)
        #expect(answer.code == "ALREADY_EXISTS")
        #expect(answer.field == "Idempotency-Key")
    }
}
