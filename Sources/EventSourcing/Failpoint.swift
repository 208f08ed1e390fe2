import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash points for the chaos harness: `FINANCING_FAILPOINTS=name=N,other=M` makes the process
/// SIGKILL itself on the Nth time it passes `name`, so a crash lands exactly between two steps
/// whose order the delivery guarantees rest on (e.g. after the PostgreSQL commit, before the
/// offset commit). SIGKILL rather than exit: no cleanup, no flush, as in a real crash.
/// `name=sleep:MS:EVERY` instead holds every EVERYth pass for MS milliseconds (at `hold` sites),
/// to widen a race such as a transaction committing after later ones.
///
/// Unset (production), `hit` and `hold` read one lazily initialised empty dictionary and return;
/// the name is an autoclosure so call sites build no string either.
public enum Failpoint {
    /// What an armed failpoint does.
    enum Action: Equatable {
        /// SIGKILL on this hit.
        case kill(onHit: Int)
        /// Sleep this many milliseconds on every `every`th hit.
        case sleep(milliseconds: Int, every: Int)
    }

    /// The armed failpoints, read once from the environment.
    private static let armed: [String: Action] = parse(getenv("FINANCING_FAILPOINTS").map { String(cString: $0) })
    private static let hits = Mutex<[String: Int]>([:])

    /// Counts a pass through the failpoint `name`; kills the process when its count is reached.
    public static func hit(_ name: @autoclosure () -> String) {
        guard !armed.isEmpty else { return }
        let name = name()
        guard let action = armed[name] else { return }
        fire(name, action, count(name))
    }

    /// Counts a pass like `hit`; when the failpoint is armed to sleep and this pass is due, returns
    /// the hold for the caller to spend where it widens the race (e.g. inside a SQL statement, so
    /// its transaction stays open), else nil.
    public static func hold(_ name: @autoclosure () -> String) -> Duration? {
        guard !armed.isEmpty else { return nil }
        let name = name()
        guard let action = armed[name] else { return nil }
        let count = count(name)
        fire(name, action, count)
        if case .sleep(let milliseconds, let every) = action, count % every == 0 { return .milliseconds(milliseconds) }
        return nil
    }

    private static func count(_ name: String) -> Int {
        hits.withLock { hits in
            hits[name, default: 0] += 1
            return hits[name, default: 0]
        }
    }

    private static func fire(_ name: String, _ action: Action, _ count: Int) {
        guard action == .kill(onHit: count) else { return }
        // Written straight to the descriptor: the harness attributes the crash to the failpoint.
        let line = "failpoint \(name) fired on hit \(count): SIGKILL pid \(getpid())\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        kill(getpid(), SIGKILL)
    }

    /// Parses `name=N` and `name=sleep:MS:EVERY` entries; malformed ones are ignored.
    static func parse(_ specification: String?) -> [String: Action] {
        guard let specification, !specification.isEmpty else { return [:] }
        var armed: [String: Action] = [:]
        for entry in specification.filter({ $0 != " " }).split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = String(parts[0])
            let sleep = parts[1].split(separator: ":")
            if sleep.count == 3, sleep[0] == "sleep", let milliseconds = Int(sleep[1]), let every = Int(sleep[2]),
                milliseconds > 0, every > 0
            {
                armed[name] = .sleep(milliseconds: milliseconds, every: every)
            } else if let hit = Int(parts[1]), hit > 0 {
                armed[name] = .kill(onHit: hit)
            }
        }
        return armed
    }
}
