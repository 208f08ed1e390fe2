import Authentication
import Crypto
import Foundation

/// The authentication cases' credentials, made once per run with the stack's own key, so each
/// fails for one reason only: what an attacker would try, from no token to a forged one.
enum HostileTokens {
    static func make(key: SigningKey, now: Date = Date()) async throws -> [HostileToken] {
        let issuer = await AccessTokenIssuer(key: key)
        let investor = Authentication.Caller.investor(UUID().uuidString.lowercased())
        let valid = try await issuer.token(for: investor, at: now, lifetime: .seconds(3_600))
        let parts = valid.split(separator: ".").map(String.init)
        let expired = try await issuer.token(for: investor, at: now - 7_200, lifetime: .seconds(3_600))
        let early = try await issuer.token(for: investor, at: now + 3_600, lifetime: .seconds(3_600))
        let foreign = try await AccessTokenIssuer(key: try SigningKey.generate()).token(
            for: investor, at: now, lifetime: .seconds(3_600))
        // The claims of an operator under the investor's signature: the signature no longer matches.
        let operatorClaims = segment(
            #"{"sub":"\#(investor.subject)","role":"operator","exp":\#(Int(now.timeIntervalSince1970) + 3_600)}"#)
        let body = parts[1]
        let hmacHeader = segment(#"{"alg":"HS256","typ":"JWT"}"#)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(hmacHeader).\(body)".utf8), using: SymmetricKey(data: Data(key.publicKeyPEM.utf8)))
        let unauthenticated: [(String, String?)] = [
            ("no authorization header", nil),
            ("Bearer with no token", "Bearer "),
            ("Basic credentials", "Basic \(Data("operator:secret".utf8).base64EncodedString())"),
            ("not a JWT", "Bearer not-a-token"),
            ("expired an hour ago", "Bearer \(expired)"),
            ("nbf an hour ahead", "Bearer \(early)"),
            ("signed by another key", "Bearer \(foreign)"),
            ("signature altered", "Bearer \(parts[0]).\(body).\(altered(parts[2]))"),
            ("claims altered to operator", "Bearer \(parts[0]).\(operatorClaims).\(parts[2])"),
            ("alg none", "Bearer \(segment(#"{"alg":"none","typ":"JWT"}"#)).\(body)."),
            ("HS256 keyed with the public key", "Bearer \(hmacHeader).\(body).\(base64URL(Data(mac)))"),
            ("5 KiB token", "Bearer \(parts[0]).\(String(repeating: "A", count: 5_000)).\(parts[2])"),
        ]
        return unauthenticated.map { HostileToken(name: $0.0, header: $0.1, expected: .unauthenticated) }
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func segment(_ json: String) -> String { base64URL(Data(json.utf8)) }

    /// The signature with one character in its middle changed (the last one may only carry padding bits).
    static func altered(_ signature: String) -> String {
        var characters = Array(signature)
        let middle = characters.count / 2
        characters[middle] = characters[middle] == "A" ? "B" : "A"
        return String(characters)
    }
}
