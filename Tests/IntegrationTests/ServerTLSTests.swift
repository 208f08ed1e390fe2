import FinancingRuntime
import Foundation
import Prometheus
import Testing

/// FINANCING_TLS_CERT / FINANCING_TLS_KEY as the process reads them at start, with a certificate
/// openssl makes for the test, and the metrics endpoint serving HTTPS with it to curl.
/// `scripts/lib/tls-check` drives the same through the running servers (gRPC, HTTP API).
@Suite("Server TLS: the certificate and key of FINANCING_TLS_CERT / FINANCING_TLS_KEY")
struct ServerTLSTests {
    /// A self-signed certificate for 127.0.0.1 and its key, in a folder of its own.
    struct Certificate {
        let folder: URL
        var certificate: String { folder.appendingPathComponent("server.pem").path }
        var key: String { folder.appendingPathComponent("server.key").path }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try ServerTLSTests.run(
                "/usr/bin/env", "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", folder.appendingPathComponent("server.key").path,
                "-out", folder.appendingPathComponent("server.pem").path)
        }
    }

    /// Runs a program to its end; its exit status, and what it wrote to standard output.
    @discardableResult
    static func run(_ arguments: String...) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("neither file set: plaintext")
    func neither() throws {
        #expect(try ServerTLS.load(certificateFile: "", keyFile: "") == nil)
    }

    @Test("one file without the other stops the start instead of serving plaintext")
    func half() throws {
        let pair = try Certificate()
        #expect(throws: StartupError.halfTLS) { try ServerTLS.load(certificateFile: pair.certificate, keyFile: "") }
        #expect(throws: StartupError.halfTLS) { try ServerTLS.load(certificateFile: "", keyFile: pair.key) }
    }

    @Test("a missing file or one that is not PEM is named by its variable; the key's bytes are never quoted")
    func unusableFiles() throws {
        let pair = try Certificate()
        let missing = pair.folder.appendingPathComponent("missing.pem").path
        let broken = pair.folder.appendingPathComponent("broken.key").path
        try Data("secret-looking-bytes".utf8).write(to: URL(fileURLWithPath: broken))
        #expect(throws: StartupError.unreadableTLSFile(variable: "FINANCING_TLS_CERT", path: missing)) {
            try ServerTLS.load(certificateFile: missing, keyFile: pair.key)
        }
        #expect(throws: StartupError.unreadableTLSFile(variable: "FINANCING_TLS_KEY", path: missing)) {
            try ServerTLS.load(certificateFile: pair.certificate, keyFile: missing)
        }
        // The key where the certificate belongs, and garbage where the key belongs.
        #expect(
            throws: StartupError.invalidTLSFile(
                variable: "FINANCING_TLS_CERT", path: broken, expected: "PEM certificates")
        ) {
            try ServerTLS.load(certificateFile: broken, keyFile: pair.key)
        }
        do {
            _ = try ServerTLS.load(certificateFile: pair.certificate, keyFile: broken)
            Issue.record("a key that is not PEM was accepted")
        } catch {
            #expect(
                error == .invalidTLSFile(variable: "FINANCING_TLS_KEY", path: broken, expected: "a PEM private key"))
            #expect(!error.description.contains("secret-looking-bytes"))
        }
    }

    @Test("with a certificate and its key, the metrics endpoint serves HTTPS that curl verifies, and no plain HTTP")
    func metricsOverTLS() async throws {
        let pair = try Certificate()
        let tls = try #require(try ServerTLS.load(certificateFile: pair.certificate, keyFile: pair.key))
        #expect(tls.certificates.count == 1)
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let server = MetricsHTTPServer(
            host: "127.0.0.1", port: 0, registry: PrometheusCollectorRegistry(), readiness: nil,
            tls: tls.httpConfiguration, onListening: { listening.yield($0) }, logger: TestLogging.logger("tls"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            let port = try #require(await ports.first(where: { _ in true }))
            let verified = try Self.run(
                "/usr/bin/env", "curl", "-sS", "--fail", "--max-time", "10", "--cacert", pair.certificate,
                "https://127.0.0.1:\(port)/healthz")
            #expect(verified.status == 0)
            #expect(verified.output == "ok\n")
            let plain = try Self.run(
                "/usr/bin/env", "curl", "-sS", "--fail", "--max-time", "10", "http://127.0.0.1:\(port)/healthz")
            #expect(plain.status != 0)
            let unverified = try Self.run(
                "/usr/bin/env", "curl", "-sS", "--fail", "--max-time", "10", "https://127.0.0.1:\(port)/healthz")
            #expect(unverified.status != 0, "curl trusted a certificate it had no root for")
        }
    }
}
