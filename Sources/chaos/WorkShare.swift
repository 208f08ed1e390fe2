import Foundation

/// How the copies of a component split the work, as evidence that consumer groups really spread
/// it: handlers by the outcome lines of their logs (every process they ran), projectors by the
/// events their current processes applied (`/metrics`, which restarts with each process).
struct WorkShare: Sendable {
    let fleet: Fleet

    /// Messages each handler decided (committed, rejected or ignored as a duplicate).
    func handlers() -> [(name: String, count: Int)] {
        fleet.instances(of: "handler").map { instance in
            let log = fleet.logDirectory.appendingPathComponent("\(instance.name).log")
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let outcomes = [": committed", ": rejected", ": duplicate message ignored"]
            let count = text.split(separator: "\n").filter { line in
                line.contains("[Handler] ") && outcomes.contains { line.hasSuffix($0) }
            }.count
            return (instance.name, count)
        }
    }

    /// Events each projector's current process applied, from its projection-lag timer's count.
    func projectors() async -> [(name: String, count: Int)] {
        var shares: [(name: String, count: Int)] = []
        for instance in fleet.instances(of: "projector") {
            guard let port = instance.metricsPort else { continue }
            let page = fleet.logDirectory.appendingPathComponent("\(instance.name).metrics.txt")
            let exit = try? await ChildProcess.run(
                "/usr/bin/env", ["curl", "-sf", "-o", page.path, "http://127.0.0.1:\(port)/metrics"],
                log:
                    page
                    .deletingPathExtension().appendingPathExtension("curl.log"), timeout: .seconds(10))
            guard exit == .status(0), let text = try? String(contentsOf: page, encoding: .utf8) else { continue }
            let count = text.split(separator: "\n")
                .filter { $0.hasPrefix("financing_projection_lag_seconds_count") }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
                .reduce(0, +)
            shares.append((instance.name, Int(count)))
        }
        return shares
    }

    /// "handler-1 3,544, handler-2 4,241".
    static func describe(_ shares: [(name: String, count: Int)]) -> String {
        shares.isEmpty ? "not measured" : shares.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
    }
}
