import Foundation

/// The system under test: several copies of each `financing` component on the harness's own
/// PostgreSQL and broker, reached through the fault proxies of `Network`, each with its own log.
struct Fleet: Sendable {
    let instances: [ServiceInstance]
    let commandsPort: Int
    let queriesPort: Int
    let logDirectory: URL

    /// How many copies of each component run.
    static let layout: [(component: String, copies: Int)] = [
        ("handler", 2), ("relayer", 2), ("projector", 2), ("commands", 1), ("queries", 1),
    ]

    /// The sequence-gap race, for the whole run: now and then a handler holds its transaction
    /// open after appending, so events at later positions commit (and may be published) first.
    static let gapRace = "eventstore.before-commit=sleep:300:200"

    init(
        executable: String, postgres: PostgresServer, broker: Broker, network: Network, commandsPort: Int,
        queriesPort: Int, metricsPortBase: Int, authKeyFile: String, logDirectory: URL
    ) {
        let environment = [
            "FINANCING_EVENTSTORE_URL": postgres.url(Chaos.eventStoreDatabase, via: network.postgres),
            "FINANCING_READMODEL_URL": postgres.url(Chaos.readModelDatabase, via: network.postgres),
            "FINANCING_KAFKA_BROKERS": broker.address,
            "FINANCING_COMMANDS_PORT": "\(commandsPort)",
            "FINANCING_QUERIES_PORT": "\(queriesPort)",
            "FINANCING_POOL_SIZE": "4",
            "FINANCING_AUTH_KEY_FILE": authKeyFile,
            "FINANCING_LOG_LEVEL": "info",
            // A process restarted by the harness must not take two minutes to notice a dead server.
            "FINANCING_STARTUP_TIMEOUT_S": "600",
        ]
        let copies = Self.layout.flatMap { component, copies in (1...copies).map { (component, $0) } }
        // Each copy serves /metrics on a port of its own.
        instances = copies.enumerated().map { offset, copy in
            var environment = environment
            environment["FINANCING_METRICS_PORT"] = "\(metricsPortBase + offset)"
            // Named sessions: pg_stat_activity (and RelayerTakeover) tell which copy holds what.
            for key in ["FINANCING_EVENTSTORE_URL", "FINANCING_READMODEL_URL"] {
                environment[key]? += "?application_name=\(copy.0)-\(copy.1)"
            }
            if copy.0 == "handler" { environment["FINANCING_FAILPOINTS"] = Self.gapRace }
            // The second relayer pipelines its relays: takeovers alternate the two loops under the same faults.
            if copy.0 == "relayer" && copy.1 == 2 { environment["FINANCING_RELAY_PIPELINE_DEPTH"] = "2" }
            return ServiceInstance(
                component: copy.0, index: copy.1, executable: executable, environment: environment,
                logDirectory: logDirectory)
        }
        self.commandsPort = commandsPort
        self.queriesPort = queriesPort
        self.logDirectory = logDirectory
    }

    func instances(of component: String) -> [ServiceInstance] {
        instances.filter { $0.component == component }
    }

    /// Starts every copy; `waitUntilServing` tells when the gRPC ports answer.
    func start() async throws {
        for instance in instances { try await instance.start() }
    }

    /// Waits until the gRPC ports answer; when one does not, the error carries the end of the
    /// logs of that component's copies, since a CI run keeps nothing else.
    func waitUntilServing(timeout: Duration = .seconds(120)) async throws {
        for (component, port) in [("commands", commandsPort), ("queries", queriesPort)] {
            do {
                try await TCPProbe.waitUntilOpen(port: port, what: "financing \(component)", timeout: timeout)
            } catch {
                var report = ["\(error)"]
                for instance in instances(of: component) {
                    report.append("\(instance.name) (\(await instance.isRunning ? "running" : "not running")):")
                    report.append(await instance.logTail(lines: 20))
                }
                throw ChaosError(report.joined(separator: "\n"))
            }
        }
    }

    /// Restarts dead instances until cancelled.
    func supervise(history: History, restartDelay: @Sendable () -> Duration) async {
        while !Task.isCancelled {
            for instance in instances { await instance.tend(history: history, restartDelay: restartDelay()) }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Restarts every armed instance unarmed; returns how many it killed.
    func disarm(history: History) async -> Int {
        var killed = 0
        for instance in instances where await instance.disarm(history: history) { killed += 1 }
        return killed
    }

    /// How many redelivered messages the handlers recognised and ignored, from their logs (a
    /// counter in the process would die with each kill).
    func duplicatesAbsorbed() -> Int {
        instances(of: "handler").indices.reduce(0) { total, index in
            let log = logDirectory.appendingPathComponent("handler-\(index + 1).log")
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return total + text.components(separatedBy: "duplicate message ignored").count - 1
        }
    }

    /// Stops every copy at once (SIGTERM, then SIGKILL after a grace period).
    func stop() async {
        await withTaskGroup(of: Void.self) { group in
            for instance in instances { group.addTask { await instance.stop() } }
        }
    }
}
