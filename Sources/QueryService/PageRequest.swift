import Foundation
import GRPCCore

/// Page size and opaque page token of a list request (SPEC §3: 0 means 100, at most 1000).
struct PageRequest {
    static let defaultSize = 100
    static let maximumSize = 1000

    let size: Int
    /// The id the page starts after, nil for the first page.
    let after: String?

    init(size: Int32, token: String) throws(RPCError) {
        guard size >= 0 else {
            throw RPCError.invalidArgument(field: "page_size", "must not be negative, got \(size)")
        }
        self.size = size == 0 ? Self.defaultSize : min(Int(size), Self.maximumSize)
        self.after = token.isEmpty ? nil : try Self.decode(token)
    }

    /// Tokens are opaque to clients: a versioned cursor, base64url-encoded.
    static func encode(after id: String?) -> String {
        guard let id else { return "" }
        return Data("v1:\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func decode(_ token: String) throws(RPCError) -> String {
        // Unpadded, so a token needs no escaping in a URL; padded ones (as issued before) still read.
        let unpadded = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let base64 = unpadded + String(repeating: "=", count: (4 - unpadded.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("v1:"), let uuid = UUID(uuidString: String(text.dropFirst(3)))
        else { throw RPCError.invalidArgument(field: "page_token", "is not a token this service issued") }
        return uuid.uuidString.lowercased()
    }
}
