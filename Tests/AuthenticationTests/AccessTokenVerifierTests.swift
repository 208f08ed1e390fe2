import Crypto
import Foundation
import JWTKit
import Testing

@testable import Authentication

/// Tokens as `financing token` signs them, and every way SPEC §6 says one must be refused.
@Suite("AccessTokenVerifier: only EdDSA tokens of the service's key, in time, with valid claims")
struct AccessTokenVerifierTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let investor = Caller(subject: "6f1c2d4e-8a9b-4c3d-9e8f-0a1b2c3d4e5f", role: .investor)

    struct Fixture {
        let key: SigningKey
        let issuer: AccessTokenIssuer
        let verifier: AccessTokenVerifier

        init() async throws {
            key = try SigningKey.generate()
            issuer = await AccessTokenIssuer(key: key)
            verifier = await AccessTokenVerifier(key: key)
        }

        func token(_ caller: Caller = investor, at time: Date = now, lifetime: Duration = .seconds(3600)) async throws
            -> String
        {
            try await issuer.token(for: caller, at: time, lifetime: lifetime)
        }

        func refusal(_ token: String, at time: Date = now) async -> AuthenticationError? {
            do {
                _ = try await verifier.caller(bearing: token, at: time)
                return nil
            } catch { return error }
        }
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func segment(_ json: String) -> String { base64URL(Data(json.utf8)) }

    static func claims(sub: String = investor.subject, role: String = "investor", exp: Date = now + 3600) -> String {
        #"{"sub":"\#(sub)","role":"\#(role)","exp":\#(Int(exp.timeIntervalSince1970))}"#
    }

    @Test("a token it signed proves its subject and role, for every role", arguments: Role.allCases)
    func roundTrip(role: Role) async throws {
        let fixture = try await Fixture()
        let caller = Caller(subject: Self.investor.subject, role: role)
        let proven = try await fixture.verifier.caller(bearing: try await fixture.token(caller), at: Self.now)
        #expect(proven == caller)
    }

    @Test("expiry and not-before hold within 30 s of clock skew and not beyond")
    func timeWindow() async throws {
        let fixture = try await Fixture()
        let token = try await fixture.token(lifetime: .seconds(60))
        #expect(await fixture.refusal(token, at: Self.now + 60 + 29) == nil)
        #expect(await fixture.refusal(token, at: Self.now + 60 + 31) == .expired)
        #expect(await fixture.refusal(token, at: Self.now - 29) == nil)
        #expect(await fixture.refusal(token, at: Self.now - 31) == .notYetValid)
    }

    @Test("a token of another key fails its signature")
    func otherKey() async throws {
        let fixture = try await Fixture()
        let stranger = try await Fixture()
        #expect(await fixture.refusal(try await stranger.token()) == .badSignature)
    }

    @Test("claims changed after signing fail the signature: a promoted role, another subject")
    func tampered() async throws {
        let fixture = try await Fixture()
        let parts = try await fixture.token().split(separator: ".").map(String.init)
        for forged in [Self.claims(role: "operator"), Self.claims(sub: "00000000-0000-4000-8000-000000000001")] {
            let token = [parts[0], Self.segment(forged), parts[2]].joined(separator: ".")
            #expect(await fixture.refusal(token) == .badSignature)
        }
    }

    @Test("alg none, and HS256 keyed with the public key (the classic confusion), are refused unverified")
    func algorithmConfusion() async throws {
        let fixture = try await Fixture()
        let body = Self.segment(Self.claims())
        let none = Self.segment(#"{"alg":"none","typ":"JWT"}"#) + "." + body + "."
        #expect(await fixture.refusal(none) == .algorithmRefused)
        let header = Self.segment(#"{"alg":"HS256","typ":"JWT"}"#)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(header).\(body)".utf8), using: SymmetricKey(data: Data(fixture.key.publicKeyPEM.utf8)))
        let hmac = "\(header).\(body).\(Self.base64URL(Data(mac)))"
        #expect(await fixture.refusal(hmac) == .algorithmRefused)
    }

    @Test(
        "what is not a JWT, or too large, is refused before any crypto",
        arguments: [
            ("", AuthenticationError.missing), ("abc", .malformed), ("a.b.c", .malformed), ("..", .malformed),
            (String(repeating: "a", count: 5000), .oversized),
        ])
    func malformed(token: String, expected: AuthenticationError) async throws {
        let fixture = try await Fixture()
        #expect(await fixture.refusal(token) == expected)
    }

    @Test("a signed token whose subject is no canonical UUID, or whose role is unknown, is refused")
    func invalidClaims() async throws {
        let fixture = try await Fixture()
        for caller in [
            Caller(subject: "6F1C2D4E-8A9B-4C3D-9E8F-0A1B2C3D4E5F", role: .issuer),
            Caller(subject: "alice", role: .operator),
        ] {
            #expect(await fixture.refusal(try await fixture.token(caller)) == .invalidClaims)
        }
    }

    @Test("a key file is created once, owner-only, and read back as the same key")
    func keyFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("financing-key-\(UUID()).pem").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let created = try SigningKey.readOrCreate(at: path)
        let reread = try SigningKey.readOrCreate(at: path)
        #expect(created.publicKeyPEM == reread.publicKeyPEM)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let token = try await AccessTokenIssuer(key: created).token(
            for: Self.investor, at: Self.now, lifetime: .seconds(60))
        #expect(try await AccessTokenVerifier(key: reread).caller(bearing: token, at: Self.now) == Self.investor)
        #expect(throws: SigningKeyError.notAnEd25519PrivateKey) { try SigningKey(pem: "not a key") }
    }

    @Test("a server verifies with the key file or with only its public half; anything else is refused")
    func verificationKeyFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("financing-keys-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try SigningKey.generate()
        let token = try await AccessTokenIssuer(key: key).token(
            for: Self.investor, at: Self.now, lifetime: .seconds(60))
        for (name, pem) in [("private.pem", key.pemRepresentation), ("public.pem", key.publicKeyPEM)] {
            let path = directory.appendingPathComponent(name).path
            try pem.write(toFile: path, atomically: true, encoding: .utf8)
            let verifier = try await AccessTokenVerifier.reading(keyFile: path)
            #expect(try await verifier.caller(bearing: token, at: Self.now) == Self.investor, "\(name)")
        }
        let broken = directory.appendingPathComponent("broken.pem").path
        try "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".write(
            toFile: broken, atomically: true, encoding: .utf8)
        await #expect(throws: SigningKeyError.notAnEd25519PublicKey) {
            _ = try await AccessTokenVerifier.reading(keyFile: broken)
        }
        let missing = directory.appendingPathComponent("missing.pem").path
        await #expect(throws: SigningKeyError.unreadable(missing)) {
            _ = try await AccessTokenVerifier.reading(keyFile: missing)
        }
    }

    /// Signed by the service's key, but not the claims of SPEC §6.
    struct IncompleteClaims: JWTPayload {
        var sub: SubjectClaim
        var role: String
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    @Test("a signed token without exp is refused")
    func missingExpiry() async throws {
        let fixture = try await Fixture()
        let keys = await JWTKeyCollection().add(eddsa: fixture.key.privateKey)
        let token = try await keys.sign(
            IncompleteClaims(sub: SubjectClaim(value: Self.investor.subject), role: "investor"))
        #expect(await fixture.refusal(token) == .malformed)
    }

    @Test("issued times are whole seconds")
    func wholeSeconds() async throws {
        let fixture = try await Fixture()
        let token = try await fixture.token(at: Self.now + 0.75)
        let payload = try #require(Data(base64Encoded: Self.padded(String(token.split(separator: ".")[1]))))
        let object = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        #expect(object["exp"] as? Int == Int(Self.now.timeIntervalSince1970) + 3600)
    }

    static func padded(_ segment: String) -> String {
        let base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return base64 + String(repeating: "=", count: (4 - base64.count % 4) % 4)
    }
}
