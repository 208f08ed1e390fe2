import Foundation

/// Judges what the event store recorded during the run: commands only from controls (or from
/// valid calls the client abandoned), events only on the controls' aggregates (or on aggregates
/// already active before the run).
struct StoreVerdict {
    let commands: [NewCommand]
    let events: [NewEvent]
    let controls: [ControlRecord]
    let forbiddenIDs: Set<UUID>
    let abandonedIDs: Set<UUID>

    var checks: [Check] { [commandCheck, eventCheck] }

    private var commandCheck: Check {
        let controlIDs = Set(controls.flatMap(\.commandIDs))
        var counts = (controls: 0, abandoned: 0, abandonedPending: 0)
        var malformed: [String] = []
        var unexplained: [String] = []
        for command in commands {
            if forbiddenIDs.contains(command.id) {
                malformed.append("\(command.type) \(command.id.uuidString.lowercased())")
            } else if controlIDs.contains(command.id) {
                counts.controls += 1
            } else if abandonedIDs.contains(command.id) {
                counts.abandoned += 1
                if command.state == nil { counts.abandonedPending += 1 }
            } else {
                unexplained.append("\(command.type) \(command.id.uuidString.lowercased())")
            }
        }
        let detail =
            "\(commands.count) recorded since the start: \(counts.controls) controls, \(counts.abandoned) valid "
            + "calls the client abandoned (\(counts.abandonedPending) of them never decided), "
            + "\(malformed.count) from malformed requests, \(unexplained.count) unexplained"
            + Self.sample(malformed + unexplained)
        return Check(
            name: "no command recorded from a malformed request", passed: malformed.isEmpty && unexplained.isEmpty,
            detail: detail)
    }

    private var eventCheck: Check {
        let controlAggregates = Set(controls.flatMap(\.aggregates))
        var counts = (controls: 0, underWay: 0)
        var bad: [String] = []
        for event in events {
            let line = "\(event.type) on \(event.aggregateType) \(event.aggregateID.uuidString.lowercased())"
            if let cause = event.causationID, forbiddenIDs.contains(cause) {
                bad.append(line + " caused by malformed request \(cause.uuidString.lowercased())")
            } else if controlAggregates.contains(event.aggregateID) {
                counts.controls += 1
            } else if event.aggregateKnown {
                counts.underWay += 1
            } else {
                bad.append(line)
            }
        }
        let detail =
            "\(events.count) events since the start: \(counts.controls) on control aggregates, "
            + "\(counts.underWay) on aggregates active before the run, \(bad.count) unexplained" + Self.sample(bad)
        return Check(name: "no event from an invalid command", passed: bad.isEmpty, detail: detail)
    }

    private static func sample(_ lines: [String]) -> String {
        lines.isEmpty ? "" : " (e.g. " + lines.prefix(3).joined(separator: "; ") + ")"
    }
}
