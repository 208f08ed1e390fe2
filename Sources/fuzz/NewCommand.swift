import Foundation

/// A command the listener recorded since the run began, and its outcome if the handler decided it.
struct NewCommand: Sendable {
    let id: UUID
    let type: String
    /// `SUCCEEDED`, `REJECTED`, or nil while pending.
    let state: String?
}
