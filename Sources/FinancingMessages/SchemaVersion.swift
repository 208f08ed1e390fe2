import EventSourcing

/// SPEC §4: every message carries `schema_version`, and everything this service writes is version 1.
/// A consumer reads the versions it knows (it would upcast older ones, were there any) and refuses
/// the rest: a newer version may carry fields it would misread, so guessing could apply a wrong effect.
public enum SchemaVersion {
    /// The versions this build reads.
    public static let readable: ClosedRange<Int> = 1...1

    /// Why `message` cannot be read at its schema version, or nil when it can.
    public static func problem(with message: IncomingMessage) -> String? {
        guard let text = message.header(MessageHeader.schemaVersion) else { return "missing schema_version header" }
        guard let version = Int(text) else { return "invalid schema_version header \"\(text)\"" }
        guard readable.contains(version) else {
            let known =
                readable.count == 1 ? "\(readable.lowerBound)" : "\(readable.lowerBound) to \(readable.upperBound)"
            return "schema_version \(version) is not one this service reads (\(known))"
        }
        return nil
    }
}
