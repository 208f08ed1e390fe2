import struct Foundation.Date

extension MessageHeader {
    /// When the event was committed to the event store (RFC 3339, UTC, milliseconds); consumers
    /// measure their lag against it. Not in SPEC §4's required set: absent on other messages.
    public static let recordedAt = "recorded_at"

    /// The `recorded_at` header's text for `date`.
    public static func recordedAtValue(_ date: Date) -> String {
        date.formatted(timestampStyle)
    }

    static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}

extension IncomingMessage {
    /// The `recorded_at` header, when present and well-formed.
    public var recordedAt: Date? {
        header(MessageHeader.recordedAt).flatMap { try? MessageHeader.timestampStyle.parse($0) }
    }
}
