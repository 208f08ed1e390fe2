import Foundation
import Hummingbird

/// JSON answers: snake_case keys spelled by each type's coding keys, integers for money, keys
/// sorted so the same answer is always the same bytes.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(status: HTTPResponse.Status = .ok, _ value: some Encodable, headers: HTTPFields = [:])
        -> Response
    {
        var headers = headers
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        // Encoding these plain values (strings, integers, arrays of them) has no way to fail.
        let data =
            (try? encoder.encode(value))
            ?? Data(#"{"error":{"code":"INTERNAL","message":"internal error","field":null}}"#.utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
