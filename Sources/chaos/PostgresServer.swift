import Foundation

/// The harness's own PostgreSQL cluster in a scratch directory, so crashing it hurts no one else.
///
/// Created fresh for each run (initdb) with fsync off: an immediate shutdown (the fault injected)
/// loses nothing the OS already holds, and the noisy shared disk would otherwise set the pace.
struct PostgresServer: Sendable {
    let binDirectory: String
    let port: Int
    /// Owned by the postgres OS user: the data directory and the server's own log.
    let directory: URL
    /// Where pg_ctl and initdb write (the harness's work directory).
    let toolLog: URL

    var dataDirectory: URL { directory.appendingPathComponent("data") }

    /// A URL for `database` as the trusted superuser, direct or through `link` (the services' way).
    func url(_ database: String, via link: FaultProxy? = nil) -> String {
        "postgres://postgres:postgres@127.0.0.1:\(link?.port ?? port)/\(database)"
    }

    /// Replaces the cluster a finished run left with a fresh one (initdb). Refuses while the port
    /// is taken or the directory's server still runs: that is another chaos run's, not ours to stop.
    func create() async throws {
        let files = FileManager.default
        guard !TCPProbe.isOpen(port: port) else {
            throw ChaosError("port \(port) is taken (another chaos run?): the harness needs its own PostgreSQL there")
        }
        let pidFile = dataDirectory.appendingPathComponent("postmaster.pid")
        if let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ Int32($0) }), kill(pid, 0) == 0
        {
            throw ChaosError("PostgreSQL (pid \(pid)) still runs in \(directory.path): another chaos run?")
        }
        try? files.removeItem(at: directory)
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0 {
            try files.setAttributes(
                [.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: directory.path)
        }
        let initdb = try await runAsPostgres(
            "initdb", ["-D", dataDirectory.path, "-U", "postgres", "-A", "trust", "-E", "UTF8", "-N"])
        guard initdb == .status(0) else { throw ChaosError("initdb failed (\(initdb)): see \(toolLog.path)") }
        let settings = """

            port = \(port)
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '\(directory.path)'
            max_connections = 200
            fsync = off
            full_page_writes = off
            """
        let configuration = try FileHandle(forWritingTo: dataDirectory.appendingPathComponent("postgresql.conf"))
        configuration.seekToEndOfFile()
        configuration.write(Data(settings.utf8))
        try configuration.close()
    }

    /// Starts the server and waits until it accepts connections.
    func start() async throws {
        let log = directory.appendingPathComponent("server.log").path
        let exit = try await pgCtl(["-l", log, "-w", "-t", "60", "start"])
        guard exit == .status(0) else { throw ChaosError("pg_ctl start failed (\(exit)): see \(log)") }
    }

    /// `pg_ctl -m immediate stop`: every backend dies at once, as in a crash; the next start recovers.
    func crash() async throws {
        let exit = try await pgCtl(["-m", "immediate", "-w", "stop"])
        guard exit == .status(0) else { throw ChaosError("pg_ctl -m immediate stop failed (\(exit))") }
    }

    /// A fast shutdown at the end of the run.
    func stop() async {
        _ = try? await pgCtl(["-m", "fast", "-w", "-t", "30", "stop"])
    }

    private func pgCtl(_ arguments: [String]) async throws -> ChildProcess.Exit {
        try await runAsPostgres("pg_ctl", ["-D", dataDirectory.path] + arguments)
    }

    /// The server refuses to run as root: as root, the tools run through runuser as postgres.
    private func runAsPostgres(_ tool: String, _ arguments: [String]) async throws -> ChildProcess.Exit {
        let path = "\(binDirectory)/\(tool)"
        if getuid() == 0 {
            return try await ChildProcess.run(
                "/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments, log: toolLog)
        }
        return try await ChildProcess.run(path, arguments, log: toolLog)
    }
}
