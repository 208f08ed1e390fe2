/// Why a message cannot be handled at all: it goes to the dead-letter topic with this reason.
struct UnhandleableMessage: Error, CustomStringConvertible {
    let reason: String

    init(_ reason: String) { self.reason = reason }

    var description: String { reason }
}
