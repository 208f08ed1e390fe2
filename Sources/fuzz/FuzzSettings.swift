/// What a run needs, validated from the command line.
struct FuzzSettings: Sendable {
    let commands: (host: String, port: Int)
    let queries: (host: String, port: Int)
    let eventStoreURL: String
    let kafkaBrokers: String
    let keyFile: String
    let requests: Int
    let concurrency: Int
    let seed: UInt64
    let pids: [Int32]
    let reuseControlsPerKind: Int
    let progressInterval: Duration
    let timeout: Duration
    let stallTimeout: Duration
}
