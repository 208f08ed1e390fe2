import Foundation

/// The closing report on stdout: per case, per category, probes, controls and checks.
struct FuzzReport {
    let cases: [FuzzCase]
    let tallies: [CaseTally]
    let controls: [ControlRecord]
    let checks: [Check]
    let seconds: Double
    let seed: UInt64

    var rendered: String {
        var sections = [caseTable, categoryTable, probeTable, controlTable, checkList]
        let failures = failureExamples
        if !failures.isEmpty { sections.insert(failures, at: 1) }
        let sent = tallies.reduce(0) { $0 + $1.sent }
        let rate = seconds > 0 ? Double(sent) / seconds : 0
        sections.append(
            "\(sent) requests in \(String(format: "%.1f", seconds)) s (\(Int(rate.rounded())) requests/s), "
                + "seed \(seed): \(checks.allSatisfy(\.passed) ? "PASSED" : "FAILED")")
        return sections.joined(separator: "\n\n")
    }

    private var malformed: [(FuzzCase, CaseTally)] {
        zip(cases, tallies).filter { !$0.0.isProbe && $0.1.sent > 0 }
    }

    private var caseTable: String {
        var table = TextTable(
            ["rpc", "category", "case", "sent", "non-OK", "mean ms", "max ms", "statuses", "result"],
            rightAligned: [3, 4, 5, 6])
        for (fuzzCase, tally) in malformed {
            table.add([
                fuzzCase.endpoint.rawValue, fuzzCase.category.rawValue, fuzzCase.name, String(tally.sent),
                String(tally.nonOK), String(format: "%.1f", tally.meanMillis), String(tally.maxMicros / 1_000),
                Self.statuses(tally.statuses), Self.result(tally),
            ])
        }
        return "== Malformed requests, per case\n" + table.rendered
    }

    private var categoryTable: String {
        var table = TextTable(
            ["category", "cases", "RPCs", "Commands sent", "Queries sent", "non-OK", "statuses"],
            rightAligned: [1, 2, 3, 4, 5])
        for category in Category.allCases {
            let rows = malformed.filter { $0.0.category == category }
            guard !rows.isEmpty else { continue }
            var statuses: [String: Int] = [:]
            for (_, tally) in rows { statuses.merge(tally.statuses, uniquingKeysWith: +) }
            let sent = { (service: Endpoint.Service) in
                rows.filter { $0.0.endpoint.service == service }.reduce(0) { $0 + $1.1.sent }
            }
            table.add([
                category.rawValue, String(rows.count), String(Set(rows.map(\.0.endpoint)).count),
                String(sent(.commands)), String(sent(.queries)), String(rows.reduce(0) { $0 + $1.1.nonOK }),
                Self.statuses(statuses),
            ])
        }
        return "== Malformed requests, per category\n" + table.rendered
    }

    private var probeTable: String {
        var table = TextTable(["rpc", "probe", "sent", "statuses"], rightAligned: [2])
        var notes: [String] = []
        for (fuzzCase, tally) in zip(cases, tallies) where fuzzCase.isProbe {
            table.add([fuzzCase.endpoint.rawValue, fuzzCase.name, String(tally.sent), Self.statuses(tally.statuses)])
            notes += tally.examples.map { "\(fuzzCase.label): \($0)" }
        }
        return "== Probes: valid requests with timeout 0 or cancelled mid-call (any status is right; excluded above)\n"
            + table.rendered + (notes.isEmpty ? "" : "\nunusual answers:\n" + notes.joined(separator: "\n"))
    }

    private var controlTable: String {
        var table = TextTable(["control", "expected", "observed", "result"])
        for control in controls {
            table.add([control.name, control.expected, control.observed, control.passed ? "ok" : "FAILED"])
        }
        return "== Controls: valid requests sent on purpose (excluded above)\n" + table.rendered
    }

    private var checkList: String {
        "== Checks\n"
            + checks.map { "\($0.passed ? "PASS" : "FAIL")  \($0.name): \($0.detail)" }.joined(separator: "\n")
    }

    private var failureExamples: String {
        let lines = zip(cases, tallies).filter { !$0.0.isProbe && !$0.1.examples.isEmpty }.flatMap { fuzzCase, tally in
            tally.examples.map { "\(fuzzCase.label): \($0)" }
        }
        guard !lines.isEmpty else { return "" }
        return "== Failing requests (first 3 per case; rerun with the same --seed to reproduce)\n"
            + lines.joined(separator: "\n")
    }

    private static func statuses(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    private static func result(_ tally: CaseTally) -> String {
        guard tally.failures > 0 else { return "ok" }
        var parts: [String] = []
        if tally.accepted > 0 { parts.append("\(tally.accepted) OK") }
        if tally.unexpected > 0 { parts.append("\(tally.unexpected) unexpected code") }
        if tally.unnamed > 0 { parts.append("\(tally.unnamed) field not named") }
        return "FAIL: " + parts.joined(separator: ", ")
    }
}
