import Foundation

extension FuzzRun {
    /// What the malformed load's answers say.
    func loadChecks(_ cases: [FuzzCase], _ tallies: [CaseTally], complete: Bool) -> [Check] {
        let malformed = zip(cases, tallies).filter { !$0.0.isProbe }
        let sent = malformed.reduce(0) { $0 + $1.1.sent }
        let accepted = malformed.reduce(0) { $0 + $1.1.accepted }
        let unexpected = malformed.reduce(0) { $0 + $1.1.unexpected }
        let unnamed = malformed.filter { $0.0.field != nil }.reduce(0) { $0 + $1.1.unnamed }
        let named = malformed.filter { $0.0.field != nil }.reduce(0) { $0 + ($1.1.statuses["INVALID_ARGUMENT"] ?? 0) }
        let credentialCases = malformed.filter { $0.0.message != nil }
        let refusals = credentialCases.reduce(0) { $0 + $1.1.nonOK }
        let saidMore = credentialCases.reduce(0) { $0 + $1.1.unnamed }
        let unsent = zip(cases, tallies).filter { $0.0.weight > 0 && $0.1.sent == 0 }.map(\.0.label)
        let categories = Set(cases.map(\.category))
        let endpoints = Set(cases.map(\.endpoint))
        // Rare cases (oversized, weight 2) are drawn about once per 7,000 requests: a short run
        // may miss some without anything being wrong.
        let coverageChecked = sent >= 20_000
        return [
            Check(
                name: "the load ran to the end", passed: complete,
                detail: complete
                    ? "every request answered"
                    : "stopped: no answer for \(settings.stallTimeout.components.seconds) s"),
            Check(
                name: "every malformed request got a non-OK status", passed: accepted == 0,
                detail: "\(sent - accepted) of \(sent) (\(accepted) OK or not a gRPC status)"),
            Check(
                name: "each status is one its case expects", passed: unexpected == 0,
                detail: "\(unexpected) unexpected codes"),
            Check(
                name: "INVALID_ARGUMENT names the wrong field", passed: unnamed == 0,
                detail: "\(named - unnamed) of \(named) message-level answers name it"),
            Check(
                name: "a refused credential learns nothing", passed: saidMore == 0,
                detail: "\(refusals - saidMore) of \(refusals) refusals say only \"unauthenticated\" or "
                    + "\"permission denied\""),
            Check(
                name: "every case was sent", passed: unsent.isEmpty || !coverageChecked,
                detail: "\(cases.count) cases, \(categories.count) of \(Category.allCases.count) categories, "
                    + "\(endpoints.count) of \(Endpoint.allCases.count) RPCs"
                    + (unsent.isEmpty ? "" : "; never sent: \(unsent.joined(separator: ", "))")
                    + (coverageChecked ? "" : " (not checked below 20,000 requests)")),
        ]
    }

    func controlCheck(_ controls: [ControlRecord]) -> Check {
        let failed = controls.filter { !$0.passed }
        return Check(
            name: "every control went as the contract says", passed: failed.isEmpty,
            detail: "\(controls.count - failed.count) of \(controls.count)"
                + (failed.isEmpty ? "" : "; failed: \(failed.map(\.name).joined(separator: "; "))"))
    }

    /// The servers lived through the load: the Watch streams opened before it are still open, both
    /// servers say SERVING, and the given processes are the ones that were there at the start.
    func survivalChecks(_ clients: Clients, sentinels: [HealthSentinel], processes: [ProcessIdentity]) async
        -> [Check]
    {
        let ended = sentinels.compactMap { sentinel in sentinel.ended.map { "\(sentinel.port): \($0)" } }
        let seen = sentinels.map { "\($0.port) \($0.statuses.joined(separator: "→"))" }.joined(separator: ", ")
        var checks = [
            Check(
                name: "health Watch streams stayed open (no crash, no restart)", passed: ended.isEmpty,
                detail: ended.isEmpty ? "statuses seen: \(seen)" : ended.joined(separator: "; "))
        ]
        var problems: [String] = []
        for (client, service) in [
            (clients.commands, "financing.v1.Commands"), (clients.queries, "financing.v1.Queries"),
        ] {
            if let problem = await HealthProbe.waitServing(client, service: service, timeout: .seconds(15)) {
                problems.append("\(service): \(problem)")
            }
        }
        checks.append(
            Check(
                name: "both servers SERVING at the end (grpc.health.v1)", passed: problems.isEmpty,
                detail: problems.isEmpty ? "'' and the service, on both ports" : problems.joined(separator: "; ")))
        if !processes.isEmpty {
            let changed = processes.filter { ProcessIdentity.current($0.pid) != $0 }.map(\.pid)
            checks.append(
                Check(
                    name: "the service processes did not restart", passed: changed.isEmpty,
                    detail: changed.isEmpty
                        ? "pids \(processes.map { String($0.pid) }.joined(separator: ", ")) alive, same start time"
                        : "gone or restarted: \(changed.map(String.init).joined(separator: ", "))"))
        }
        return checks
    }
}
