import GRPCCore

/// What an error tells a client beyond its code, carried in its metadata so every edge reads the
/// same thing: the gRPC client as trailers, the HTTP edge as the `field` of its error body.
extension RPCError {
    /// The metadata key naming the request field an INVALID_ARGUMENT is about.
    public static let fieldKey = "invalid-field"
    /// The metadata key set when a `request_id` was already used for a different request.
    public static let requestIDReusedKey = "request-id-reused"

    /// INVALID_ARGUMENT about `field`; the message starts with the field's name.
    public static func invalidArgument(field: String, _ problem: String) -> RPCError {
        RPCError(code: .invalidArgument, message: "\(field) \(problem)", metadata: [fieldKey: .string(field)])
    }

    /// The field an INVALID_ARGUMENT names, if it names one.
    public var field: String? { metadata[stringValues: Self.fieldKey].first(where: { _ in true }) }

    /// Whether this refuses a request_id already used for a different request.
    public var isRequestIDReuse: Bool {
        metadata[stringValues: Self.requestIDReusedKey].first(where: { _ in true }) != nil
    }
}
