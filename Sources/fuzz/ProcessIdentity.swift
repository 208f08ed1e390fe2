import Foundation

/// A process as the kernel knows it: its id and its start time (clock ticks since boot), so a
/// process that died and came back under the same id is still told apart.
struct ProcessIdentity: Sendable, Equatable {
    let pid: Int32
    let startTicks: UInt64

    /// The process now, or nil when it does not exist (or this is not Linux).
    static func current(_ pid: Int32) -> ProcessIdentity? {
        guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/stat") else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd(), let text = String(data: data, encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm)" come the fields from the 3rd on; starttime is the 22nd.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = UInt64(fields[19]) else { return nil }
        return ProcessIdentity(pid: pid, startTicks: ticks)
    }
}
