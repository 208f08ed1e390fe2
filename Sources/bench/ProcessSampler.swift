#if canImport(Glibc)
    import Glibc
#endif

/// Finds the service's processes and samples their memory and CPU time from `/proc`.
///
/// Service processes come from `--pids` (`name=pid,…` or bare pids) or, without it, from every
/// process whose argv[0] is a `financing` executable, named by its subcommand. PostgreSQL (all
/// `postgres` processes), the broker (`tansu`) and the bench itself are sampled too, as groups
/// re-discovered at each sample, since their helper processes come and go.
struct ProcessSampler: Sendable {
    /// A set of readings keyed by group name, then pid.
    typealias Readings = [String: [Int32: ProcessSample]]

    private let services: [(name: String, pid: Int32)]

    init(pids option: String?) throws {
        if let option, !option.isEmpty {
            services = try option.split(separator: ",").map { part in
                let pair = part.split(separator: "=", maxSplits: 1)
                guard let pid = Int32(pair.last ?? "") else { throw BenchError("--pids: cannot read '\(part)'") }
                let name = pair.count == 2 ? String(pair[0]) : Self.serviceName(of: pid) ?? "pid \(pid)"
                return (name, pid)
            }
        } else {
            services = ProcFS.allPIDs().compactMap { pid in Self.serviceName(of: pid).map { ($0, pid) } }
                .sorted { $0.name < $1.name }
        }
    }

    var serviceNames: [String] { services.map(\.name) }

    func sample() -> Readings {
        var readings: Readings = [:]
        for service in services {
            if let sample = ProcFS.sample(service.pid) { readings[service.name, default: [:]][service.pid] = sample }
        }
        var groups: [String: [Int32]] = ["postgres (all)": [], "broker (tansu)": [], "bench (self)": [getpid()]]
        for pid in ProcFS.allPIDs() {
            switch ProcFS.name(of: pid) {
            case "postgres"?: groups["postgres (all)"]!.append(pid)
            case let name? where name.hasPrefix("tansu"): groups["broker (tansu)"]!.append(pid)
            default: break
            }
        }
        for (name, pids) in groups {
            for pid in pids { if let sample = ProcFS.sample(pid) { readings[name, default: [:]][pid] = sample } }
        }
        return readings
    }

    /// Usage between two readings, services first, over `wallSeconds`.
    func usage(from start: Readings, to end: Readings, wallSeconds: Double) -> [ProcessUsage] {
        let groups = ["postgres (all)", "broker (tansu)", "bench (self)"]
        var names: [String] = []
        for name in services.map(\.name) + groups where !names.contains(name) { names.append(name) }
        return names.compactMap { name in
            guard let last = end[name] ?? start[name] else { return nil }
            let first = start[name] ?? [:]
            // CPU of processes alive at both readings; a helper that came and went is not counted.
            var ticks = (user: 0, system: 0)
            for (pid, sample) in last {
                guard let before = first[pid] else { continue }
                ticks.user += sample.userTicks - before.userTicks
                ticks.system += sample.systemTicks - before.systemTicks
            }
            let user = Double(ticks.user) / ProcFS.ticksPerSecond
            let system = Double(ticks.system) / ProcFS.ticksPerSecond
            func megabytes(_ readings: [Int32: ProcessSample]?, _ value: (ProcessSample) -> Int) -> Double? {
                guard let readings, !readings.isEmpty else { return nil }
                return Double(readings.values.map(value).reduce(0, +)) / 1_024
            }
            return ProcessUsage(
                name: name, pids: last.keys.sorted(), rssStartMB: megabytes(start[name], \.rssKB),
                rssEndMB: megabytes(end[name], \.rssKB), peakRssMB: megabytes(end[name], \.peakRSSKB), userS: user,
                sysS: system, cores: wallSeconds > 0 ? (user + system) / wallSeconds : 0)
        }
    }

    /// `financing <subcommand>` for a financing process, else nil.
    private static func serviceName(of pid: Int32) -> String? {
        guard let argv = ProcFS.commandLine(of: pid), let program = argv.first,
            program.split(separator: "/").last == "financing"
        else { return nil }
        return argv.count > 1 ? argv[1] : "financing"
    }
}
