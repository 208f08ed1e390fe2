/// Why a message's JSON could not be read: goes into the dead-letter `error` header.
public struct WireFormatError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
