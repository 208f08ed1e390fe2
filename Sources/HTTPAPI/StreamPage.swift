import Foundation

/// Page size and opaque token of a stream page: the version the page starts after, as the
/// list routes' tokens, versioned and base64url-encoded (0 means 100 events, at most 1000).
struct StreamPage {
    let size: Int
    let after: Int

    init(size: Int32, token: String) throws(APIError) {
        guard size >= 0 else { throw .invalid("page_size", "must not be negative, got \(size)") }
        self.size = size == 0 ? 100 : min(Int(size), 1000)
        guard !token.isEmpty else {
            self.after = 0
            return
        }
        // Unpadded, so a token needs no escaping in a URL; padded ones (as issued before) still read.
        let unpadded = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let base64 = unpadded + String(repeating: "=", count: (4 - unpadded.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("v1:"), let version = Int(text.dropFirst(3)), version > 0
        else { throw .invalid("page_token", "is not a token this service issued") }
        self.after = version
    }

    static func encode(after version: Int?) -> String {
        guard let version else { return "" }
        return Data("v1:\(version)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
