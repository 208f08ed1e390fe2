import Foundation
import Hummingbird

/// A request's JSON body as an object, read with the route's upload limit, whose fields are
/// taken one by one so that a value of the wrong kind is a 400 naming its key. A body that is
/// not a JSON object names `body`; an empty one reads as `{}`, so a missing field is reported by
/// the use case's own "is required".
struct JSONBody {
    let fields: [String: JSONValue]

    static func read(_ request: Request, context: some RequestContext) async throws -> JSONBody {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return JSONBody(fields: [:]) }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError.invalid("body", "is not JSON")
        }
        guard case .object(let fields) = value else { throw APIError.invalid("body", "must be a JSON object") }
        return JSONBody(fields: fields)
    }

    /// The string at `key`; nil when absent or null.
    func string(_ key: String) throws(APIError) -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .invalid(key, "must be a string")
        }
    }

    /// The whole number of minor units at `key`; nil when absent or null. A fraction, an
    /// exponent beyond Int64 or a string are refused: money is never rounded on its way in.
    func minorUnits(_ key: String) throws(APIError) -> Int64? {
        switch fields[key] {
        case nil, .null?: return nil
        case .integer(let value)?: return value
        default: throw .invalid(key, "must be an integer of minor units")
        }
    }
}
