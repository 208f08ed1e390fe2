/// The answers one case got.
struct CaseTally: Sendable {
    var sent = 0
    /// Count per status name (`OK`, `INVALID_ARGUMENT`, …).
    var statuses: [String: Int] = [:]
    /// OK answers to malformed requests (or non-gRPC errors): the failures that matter most.
    var accepted = 0
    /// Non-OK answers with a code the case does not expect.
    var unexpected = 0
    /// INVALID_ARGUMENT answers whose message does not name the field, and refusals of a
    /// credential whose message says more than the bare refusal.
    var unnamed = 0
    /// A few failing requests, by index, so a run with the same seed reproduces them.
    var examples: [String] = []
    /// Call durations, for the report (never asserted: they depend on the machine's load).
    var totalMicros: Int64 = 0
    var maxMicros: Int64 = 0

    var nonOK: Int { sent - (statuses["OK"] ?? 0) }
    var failures: Int { accepted + unexpected + unnamed }
    var meanMillis: Double { sent == 0 ? 0 : Double(totalMicros) / Double(sent) / 1_000 }

    mutating func note(_ example: String) {
        if examples.count < 3 { examples.append(example) }
    }
}
