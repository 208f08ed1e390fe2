import ArgumentParser
import Authentication
import CanonicalUUID
import Foundation

/// `financing token`: prints a bearer token signed with the service's key (SPEC §6), for curl,
/// grpcurl, scripts/grpc and the tests.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a bearer token signed with the key in FINANCING_AUTH_KEY_FILE.")

    @Option(help: "investor, issuer or operator.")
    var role: Role
    @Option(help: "The caller's id, a canonical UUID (default: a new one).")
    var subject: String?
    @Option(help: "How long it is valid: 90s, 30m, 1h, 7d.")
    var ttl: TokenLifetime = TokenLifetime(seconds: 3600)
    @Option(help: "The Ed25519 private key (PEM), created with mode 600 if missing (FINANCING_AUTH_KEY_FILE).")
    var keyFile: String = ProcessInfo.processInfo.environment["FINANCING_AUTH_KEY_FILE"] ?? ""

    func validate() throws {
        if let subject, UUID(canonical: subject)?.canonicalText != subject {
            throw ValidationError("--subject must be a canonical lower-case UUID, got \"\(subject)\"")
        }
        if keyFile.isEmpty { throw ValidationError("set FINANCING_AUTH_KEY_FILE or --key-file") }
    }

    func run() async throws {
        let key = try SigningKey.readOrCreate(at: keyFile)
        let caller = Caller(subject: subject ?? UUID().uuidString.lowercased(), role: role)
        let token = try await AccessTokenIssuer(key: key).token(for: caller, at: Date(), lifetime: ttl.duration)
        print(token)
    }
}

extension Role: ExpressibleByArgument {}
