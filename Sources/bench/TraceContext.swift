import struct Foundation.UUID

/// W3C `traceparent` values whose trace id is a command id, so every event the command causes
/// (the service carries the trace onto them) names the command on the bus.
enum TraceContext {
    /// `00-<command id as 32 hex digits>-<16 hex digits>-01`.
    static func traceparent(for commandID: UUID) -> String {
        let hex = commandID.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return "00-\(hex)-\(hex.prefix(16))-01"
    }

    /// The command id in a traceparent made by `traceparent(for:)`, or nil.
    static func commandID(in traceparent: String) -> UUID? {
        let parts = traceparent.split(separator: "-")
        guard parts.count == 4, parts[1].count == 32 else { return nil }
        let hex = Array(parts[1])
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }
        return UUID(uuidString: groups.joined(separator: "-"))
    }
}
