import struct Foundation.UUID

/// Turns the tracked commands of the load window into throughput and latency figures.
struct LoadAnalysis {
    let records: [(CommandRecord, firstEvent: Int64?)]
    let errors: [String: Int]
    let loadStart: Int64
    let loadEnd: Int64
    let drainEnd: Int64

    func load(missingProjections: Int) -> LoadFigures {
        let duration = WallClock.seconds(from: loadStart, to: loadEnd)
        let done = records.filter { $0.0.completedAtMicros != nil }
        let inWindow = done.count { $0.0.completedAtMicros! <= loadEnd }
        let lastOutcome = done.map { $0.0.completedAtMicros! }.max() ?? loadEnd
        var reasons: [String: Int] = [:]
        var kinds: [String: Int] = [:]
        for (record, _) in records {
            kinds[record.kind.rawValue, default: 0] += 1
            if record.succeeded == false {
                let reason = record.reason.map { String($0.prefix { $0 != ":" }) } ?? "-"
                reasons[reason, default: 0] += 1
            }
        }
        return LoadFigures(
            durationS: duration, accepted: records.count, acceptedPerS: Double(records.count) / duration,
            processedInWindow: inWindow, processedPerS: Double(inWindow) / duration, processedTotal: done.count,
            drainS: WallClock.seconds(
                from: loadEnd, to: done.count == records.count ? max(lastOutcome, loadEnd) : drainEnd),
            succeeded: done.count { $0.0.succeeded == true }, rejected: done.count { $0.0.succeeded == false },
            rejectionReasons: reasons, acceptedByKind: kinds, errors: errors,
            missingOutcomes: records.count - done.count,
            missingFirstEvents: records.count { $0.0.succeeded == true && $0.firstEvent == nil },
            missingProjections: missingProjections)
    }

    /// `acknowledged`: the broker-acknowledgement time of each command's first event (`BrokerAcknowledgements`).
    func latency(projectionLags: [Int64], acknowledged: [UUID: Int64]) -> LatencyFigures {
        var toOutcome: [Int64] = []
        var byKind: [CommandKind: [Int64]] = [:]
        var toEvent: [Int64] = []
        var endToEnd: [Int64] = []
        var toAcknowledged: [Int64] = []
        for (record, firstEvent) in records {
            guard let accepted = record.acceptedAtMicros, let completed = record.completedAtMicros else { continue }
            toOutcome.append(completed - accepted)
            byKind[record.kind, default: []].append(completed - accepted)
            endToEnd.append(completed - record.requestMicros)
            if let firstEvent { toEvent.append(firstEvent - completed) }
            if let published = acknowledged[record.id] { toAcknowledged.append(published - accepted) }
        }
        return LatencyFigures(
            requestToAccepted: LatencySummary(micros: records.map { $0.0.replyMicros - $0.0.requestMicros }),
            acceptedToOutcome: LatencySummary(micros: toOutcome),
            acceptedToOutcomeByKind: Dictionary(
                uniqueKeysWithValues: byKind.map { ($0.key.rawValue, LatencySummary(micros: $0.value)) }),
            outcomeToFirstEvent: LatencySummary(micros: toEvent),
            acceptedToEventAcknowledged: LatencySummary(micros: toAcknowledged),
            eventToReadModel: LatencySummary(micros: projectionLags),
            requestToOutcome: LatencySummary(micros: endToEnd))
    }
}
