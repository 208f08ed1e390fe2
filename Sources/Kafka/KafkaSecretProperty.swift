/// librdkafka properties whose values are credentials (`sasl.password`, `ssl.key.password`,
/// `sasl.oauthbearer.client.secret`, a JAAS config, a PEM key, …): their values never appear in an
/// error, a log line or a description, whatever librdkafka thinks of them.
public enum KafkaSecretProperty {
    private static let markers = ["password", "secret", "jaas", "ssl.key.pem", "keystore", "token", "credential"]

    public static func isSecret(_ name: String) -> Bool {
        let name = name.lowercased()
        return markers.contains { name.contains($0) }
    }

    /// `value`, or `<redacted>` when `name` holds a credential.
    public static func shown(_ name: String, _ value: String) -> String {
        isSecret(name) ? "<redacted>" : value
    }

    /// The credential values among `properties`, longest first (so a value that contains another is cut whole).
    static func values(in properties: [(String, String)]) -> [String] {
        properties.filter { isSecret($0.0) && !$0.1.isEmpty }.map(\.1).sorted { $0.count > $1.count }
    }

    /// `text` with each of `secrets` replaced by `<redacted>`: librdkafka's log lines and errors may
    /// quote a setting (a keystore's path, a JAAS line).
    static func scrub(_ text: String, secrets: [String]) -> String {
        secrets.reduce(text) { text, secret in text.replacing(secret, with: "<redacted>") }
    }
}
