import Foundation

/// What one run of the `populate` executable registered, parsed from its output.
struct Population: Sendable {
    var issuers: [String] = []
    var investors: [String] = []
    /// The token printed beside each id, when populate had the signing key.
    var tokens: [String: String] = [:]
}

/// A failed `populate` run.
struct PopulateFailed: Error, CustomStringConvertible {
    let description: String
}

/// Runs `populate` (FINANCING_POPULATE_BIN) against the stack's broker with the stack's key and
/// parses its `issuer <uuid> <token>` / `investor <uuid> <token>` lines.
func populate(arguments: [String] = []) async throws -> Population {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: StackEnvironment.populateBinary)
    process.arguments = ["--key-file", StackEnvironment.authKeyFile] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["FINANCING_KAFKA_BROKERS"] = StackEnvironment.brokers
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
        try process.run()
    } catch {
        throw PopulateFailed(description: "cannot run \(StackEnvironment.populateBinary): \(error)")
    }
    // Read both pipes to the end off the cooperative pool, so a chatty child never blocks on a full pipe.
    async let stdout = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
    async let stderr = Task.detached { errors.fileHandleForReading.readDataToEndOfFile() }.value
    let (text, diagnostics) = (
        String(decoding: await stdout, as: UTF8.self), String(decoding: await stderr, as: UTF8.self)
    )
    try await eventually("populate to exit") { process.isRunning ? nil : () }
    guard process.terminationStatus == 0 else {
        throw PopulateFailed(description: "populate exited with \(process.terminationStatus): \(diagnostics)")
    }
    var population = Population()
    for line in text.split(separator: "\n") {
        let words = line.split(separator: " ")
        // `kind id`, or `kind id token` when populate has the signing key.
        guard words.count == 2 || words.count == 3 else { continue }
        switch words[0] {
        case "issuer": population.issuers.append(String(words[1]))
        case "investor": population.investors.append(String(words[1]))
        default: continue
        }
        if words.count == 3 { population.tokens[String(words[1])] = String(words[2]) }
    }
    return population
}
