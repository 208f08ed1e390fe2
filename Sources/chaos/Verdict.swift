/// What the checkers concluded: the anomalies, and the figures the report prints beside them.
struct Verdict: Sendable {
    var anomalies: [Anomaly] = []
    /// Acknowledged commands, and those whose outcome is recorded.
    var acknowledged = 0
    /// Messages the handlers received again and ignored (their effect was already committed).
    var redeliveries = 0
    /// Messages on the bus more than once (client retries, relayer republishes).
    var repeatedOnBus = 0
    var investors = 0
    /// Investors whose money is conserved, never negative, and the same in the read model.
    var conserved = 0
    /// Investors with money still reserved, and invoices still financed, after quiescence.
    var pending = 0
    var projectionsMatchRebuild = false
    /// Malformed messages acknowledged by the broker, on how many topics, of how many varieties;
    /// those found on their topic's `.dlq` with a reason, and extra copies after a redelivery.
    var poisoned = 0
    var poisonTopics = 0
    var poisonVarieties = 0
    var poisonDeadLettered = 0
    var poisonDeadLetteredAgain = 0

    mutating func add(_ name: String, _ kind: Anomaly.Class, _ examples: [String]) {
        guard let first = examples.first else { return }
        anomalies.append(Anomaly(name: name, class: kind, count: examples.count, example: first))
    }

    func count(_ kind: Anomaly.Class) -> Int {
        anomalies.filter { $0.class == kind }.reduce(0) { $0 + $1.count }
    }
}
