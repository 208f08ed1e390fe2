import Foundation

/// A valid request sent on purpose (outside the malformed load), and whether it went as the
/// contract says.
struct ControlRecord: Sendable {
    let name: String
    let expected: String
    var observed: String
    var passed: Bool
    /// Command ids it made the listener record; their rows in `commands` are expected.
    var commandIDs: [UUID] = []
    /// Aggregates it may have changed; new events of these are expected.
    var aggregates: [UUID] = []
}
