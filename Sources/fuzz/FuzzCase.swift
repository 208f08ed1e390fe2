import GRPCCore

/// One entry of the catalogue: which RPC, which kind of bad input, how to build a request, and
/// which answers are right.
struct FuzzCase: Sendable {
    let endpoint: Endpoint
    let category: Category
    /// What is wrong with the request, in a few words.
    let name: String
    /// Relative frequency: oversized requests are expensive and drawn rarely.
    var weight = 100
    var mode = CallMode.plain
    /// The non-OK codes a right answer may carry.
    let expected: Set<RPCError.Code>
    /// The field an INVALID_ARGUMENT message must name (message-level cases only).
    var field: String?
    /// The exact message a refusal must carry: a refused credential learns nothing more.
    var message: String?
    /// A probe sends a well-formed request on purpose (a cancelled call of a valid command): any
    /// answer is acceptable, it is counted apart, and its only check is that it caused no event.
    var isProbe = false
    /// Whether the server may record its request_id: a valid command whose call the client
    /// abandoned (zero deadline, cancellation) may or may not have reached the listener.
    var mayBeRecorded = false
    let build: @Sendable (inout SeededGenerator) -> FuzzRequest

    /// Whether its calls end in a stream reset (see `Caller`).
    var endsInReset: Bool { mode != .plain || category == .oversized }

    /// The case's line in the report.
    var label: String { "\(endpoint.rawValue) · \(name)" }
}
