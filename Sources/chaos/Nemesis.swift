import Foundation
import Logging
import Postgres

/// Injects the faults, one at a time at random intervals: SIGKILL of a component instance (whose
/// restart is often armed with a failpoint, so the next crash lands at an exact step), PostgreSQL
/// crash-restarts, `pg_terminate_backend` of the services' connections, broker pauses, and faults on
/// the links to PostgreSQL and the broker (latency, black holes, resets). Every fault goes into the
/// history with its time; every link fault is healed before its function returns, cancelled or not.
struct Nemesis: Sendable {
    let fleet: Fleet
    let postgres: PostgresServer
    let broker: Broker
    let network: Network
    let history: History
    /// Seconds between two faults.
    let interval: ClosedRange<Double>
    /// The faults to choose from (all of `faults` when nil).
    let enabled: Set<String>?

    /// Every kind of fault, by the name `--faults` takes.
    static let faults = weights.map(\.fault)

    /// The failpoint each component can be armed with, and the range of the hit that fires it.
    static let failpoints: [String: (name: String, hits: ClosedRange<Int>)] = [
        "handler": ("handler.after-commit-before-ack", 1...40),
        "projector": ("projector.after-commit-before-ack", 1...40),
        "relayer": ("relayer.after-publish-before-mark", 1...8),
        "commands": ("commands.after-record-before-enqueue", 1...30),
    ]

    /// Weighted choice of the next fault.
    private static let weights: [(fault: String, weight: Int)] = [
        ("handler", 30), ("relayer", 20), ("projector", 15), ("commands", 5), ("postgres", 12), ("terminate", 8),
        ("broker", 15), ("consumer", 10), ("term", 10), ("latency", 10), ("blackhole", 10), ("reset", 8),
    ]

    /// How long a SIGTERMed component may take to drain (SPEC: in-flight work finished, offsets
    /// committed, producer flushed) before the stop counts as unclean.
    static let drainLimit = Duration.seconds(30)

    /// The components a run kills at least once, before the dice take over: a short run drew no
    /// handler kill in one CI run, and its proof should not depend on luck.
    static let owedKills = ["handler", "relayer", "projector", "commands"]

    func run(until deadline: ContinuousClock.Instant) async {
        var owed = Self.owedKills.filter { enabled?.contains($0) ?? true }.shuffled()
        while ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .seconds(Double.random(in: interval)))
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return }
            switch owed.isEmpty ? pick() : owed.removeFirst() {
            case "postgres": await restartPostgres()
            case "terminate": await terminateBackends()
            case "consumer": await pauseConsumer()
            case "none": return
            case "broker": await pauseBroker()
            case "term": await terminateGracefully()
            case "latency": await slowLink()
            case "blackhole": await blackholeLink()
            case "reset": await resetLink()
            case let component: await kill(component)
            }
        }
    }

    private func pick() -> String {
        let weights = Self.weights.filter { enabled?.contains($0.fault) ?? true }
        var roll = Int.random(in: 0..<max(1, weights.reduce(0) { $0 + $1.weight }))
        for (fault, weight) in weights {
            if roll < weight { return fault }
            roll -= weight
        }
        return weights.first?.fault ?? "none"
    }

    /// SIGKILLs a running, unarmed copy of `component`; half the time its restart is armed.
    private func kill(_ component: String) async {
        var failpoint: String?
        if Bool.random(), let (name, hits) = Self.failpoints[component] {
            failpoint = "\(name)=\(Int.random(in: hits))"
        }
        var candidates = fleet.instances(of: component).shuffled()
        if component == "relayer" {
            // The standby does nothing worth interrupting: strike the one holding the leader lock.
            var leaders: [ServiceInstance] = []
            for instance in candidates where await instance.hasLogged("now the active instance") {
                leaders.append(instance)
            }
            candidates = leaders + candidates.filter { candidate in !leaders.contains { $0 === candidate } }
        }
        let takeover = RelayerTakeover(url: postgres.url(Chaos.eventStoreDatabase))
        for instance in candidates {
            // Timed only with a standby ready: a copy still starting up is not a standby yet.
            let ready = component == "relayer" ? await standbyReady(besides: instance) : false
            let leader = ready ? await takeover.holder() : nil
            let killedAt = ContinuousClock.now
            let killedAtWall = Date().timeIntervalSince1970
            guard await instance.kill(armNext: failpoint) else { continue }
            await history.fault(
                .kill, target: instance.name, detail: failpoint.map { "restart armed: \($0)" } ?? "")
            if let leader, leader.name == instance.name {
                await history.takeover(of: instance.name, after: await timeTakeover(leader, killedAt, killedAtWall))
            }
            return
        }
    }

    /// The gap by the new leader's clock when it can be asked (the poll that found it runs on the
    /// harness's busy threads and only bounds the gap from above), else the poll's figure.
    private func timeTakeover(
        _ leader: RelayerTakeover.Holder, _ killedAt: ContinuousClock.Instant, _ killedAtWall: Double
    ) async -> (Duration, byLeaderClock: Bool)? {
        let takeover = RelayerTakeover(url: postgres.url(Chaos.eventStoreDatabase))
        guard let (holder, seen) = await takeover.wait(replacing: leader, since: killedAt) else { return nil }
        guard let successor = fleet.instances(of: "relayer").first(where: { $0.name == holder.name }),
            let since = await RelayerTakeover.leaderSince(
                successor, page: fleet.logDirectory.appendingPathComponent("\(successor.name).takeover.txt")),
            since >= killedAtWall
        else { return (seen, false) }
        return (min(seen, .milliseconds(Int64(((since - killedAtWall) * 1e3).rounded()))), true)
    }

    private func standbyReady(besides killed: ServiceInstance) async -> Bool {
        // An armed standby would die at its failpoint on taking over, before its clock is read.
        for other in fleet.instances(of: "relayer") where other !== killed {
            if await other.armed == nil, await other.hasLogged("relayer: standing by") { return true }
        }
        return false
    }

    /// SIGTERM to a running, unarmed copy of a component: it must drain and exit 0 in time. What it
    /// had in flight is then judged by the checkers like everything else.
    private func terminateGracefully() async {
        let candidates = fleet.instances.filter { $0.component != "queries" }.shuffled()
        for instance in candidates {
            // Judged once it runs: before its services start (still waiting for a server, say), a
            // SIGTERM ends it at once with the default action, and it holds no work to drain.
            guard await instance.hasLogged("ready: every dependency answers"),
                let (exit, took) = await instance.terminate(grace: Self.drainLimit)
            else { continue }
            let seconds = String(
                format: "%.1f s", Double(took.components.attoseconds) / 1e18 + Double(took.components.seconds))
            if exit == .status(0) {
                await history.fault(.gracefulStop, target: instance.name, detail: "exit 0 after \(seconds)")
            } else {
                await history.fault(
                    .uncleanStop, target: instance.name,
                    detail: exit.map { "\($0) after \(seconds)" } ?? "still running after \(seconds): SIGKILLed")
            }
            return
        }
    }

    /// `pg_ctl -m immediate stop`, down for a moment, then start (crash recovery).
    private func restartPostgres() async {
        do {
            try await postgres.crash()
            await history.fault(.postgresRestart, target: "postgres")
            try? await Task.sleep(for: .seconds(Double.random(in: 0.5...2)))
            try await postgres.start()
        } catch {
            await history.fault(.crash, target: "postgres", detail: "\(error)")
            // Without PostgreSQL the run cannot go on meaningfully: try once more, then let the checkers judge.
            try? await postgres.start()
        }
    }

    /// Ends every session the services hold (pools, the relayer's advisory-lock session): the
    /// server stays up, each component must notice the dead connection and open another.
    private func terminateBackends() async {
        do {
            let connection = try await PostgresConnection.connect(
                url: postgres.url("postgres"), logger: Logger(label: "chaos.nemesis"))
            defer { connection.close() }
            let rows = try await connection.query(
                """
                SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
                WHERE datname IN ($1, $2) AND pid <> pg_backend_pid()
                """, [Chaos.eventStoreDatabase, Chaos.readModelDatabase])
            let ended = try rows.first?.int("n") ?? 0
            await history.fault(.terminateBackends, target: "postgres", detail: "\(ended) sessions")
        } catch {
            await history.fault(.crash, target: "nemesis", detail: "pg_terminate_backend failed: \(error)")
        }
    }

    /// SIGSTOP a handler or projector for 2–10 s: beyond the 6 s session timeout the group gives
    /// its partitions to the other copy, and the paused one resumes mid-message.
    private func pauseConsumer() async {
        let seconds = Double.random(in: 2...10)
        let candidates = fleet.instances(of: "handler") + fleet.instances(of: "projector")
        guard let instance = candidates.randomElement() else { return }
        await history.fault(.consumerPause, target: instance.name, detail: String(format: "%.1f s", seconds))
        _ = await instance.pause(for: .seconds(seconds))
    }

    /// SIGSTOP the broker for a few seconds: every client and consumer sees it hang, not fail.
    private func pauseBroker() async {
        let seconds = Double.random(in: 1...4)
        broker.pause()
        await history.fault(.brokerPause, target: "broker", detail: String(format: "%.1f s", seconds))
        try? await Task.sleep(for: .seconds(seconds))
        broker.resume()
    }

    /// 50–300 ms more each way on one link for 3–10 s: every query and every Kafka request slows down,
    /// and the consumers' heartbeats with them.
    private func slowLink() async {
        guard let link = network.links.randomElement() else { return }
        let delay = Int.random(in: 50...300)
        let seconds = Double.random(in: 3...10)
        link.set(.latency(.milliseconds(delay)))
        await history.fault(
            .networkLatency, target: link.name, detail: String(format: "%d ms for %.1f s", delay, seconds))
        try? await Task.sleep(for: .seconds(seconds))
        link.set(.passThrough)
    }

    /// One link carries nothing for 1–6 s while its connections stay open: past the consumers' 6 s
    /// session timeout their group rebalances, and requests in flight time out rather than fail.
    private func blackholeLink() async {
        guard let link = network.links.randomElement() else { return }
        let seconds = Double.random(in: 1...6)
        link.set(.blackhole)
        await history.fault(
            .networkBlackhole, target: link.name,
            detail: String(format: "%.1f s, %d connections", seconds, link.connectionCount))
        try? await Task.sleep(for: .seconds(seconds))
        link.set(.passThrough)
    }

    /// Resets every connection on one link (RST both ways): a query or request in flight fails
    /// mid-stream and the client must reconnect, unsure whether it took effect.
    private func resetLink() async {
        guard let link = network.links.randomElement() else { return }
        let count = link.reset()
        await history.fault(.networkReset, target: link.name, detail: "\(count) connections")
    }
}
