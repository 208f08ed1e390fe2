import Foundation
import GRPCNIOTransportHTTP2
import NIOSSL

/// The certificate chain and key the servers of a process present when `FINANCING_TLS_CERT` and
/// `FINANCING_TLS_KEY` are set (SPEC §6): both gRPC servers, the HTTP/JSON API and the metrics
/// endpoint. Read and checked once at start, so a wrong path or a key that is not PEM stops the
/// process with a message naming the variable, not the first client's handshake.
package struct ServerTLS: Sendable {
    package let certificates: [NIOSSLCertificate]
    package let privateKey: NIOSSLPrivateKey
    /// The files as read, for the gRPC transport, which takes its own sources rather than NIOSSL's objects.
    private let certificatePEM: [UInt8]
    private let keyPEM: [UInt8]

    /// nil when neither file is set: the servers stay plaintext (a local stack on 127.0.0.1).
    package static func load(certificateFile: String, keyFile: String) throws(StartupError) -> ServerTLS? {
        switch (certificateFile.isEmpty, keyFile.isEmpty) {
        case (true, true): return nil
        case (false, true), (true, false): throw .halfTLS
        case (false, false): break
        }
        guard let certificatePEM = FileManager.default.contents(atPath: certificateFile).map(Array.init) else {
            throw .unreadableTLSFile(variable: "FINANCING_TLS_CERT", path: certificateFile)
        }
        guard let keyPEM = FileManager.default.contents(atPath: keyFile).map(Array.init) else {
            throw .unreadableTLSFile(variable: "FINANCING_TLS_KEY", path: keyFile)
        }
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(certificatePEM), !certificates.isEmpty else {
            throw .invalidTLSFile(variable: "FINANCING_TLS_CERT", path: certificateFile, expected: "PEM certificates")
        }
        // The parser's error is not passed on: it could quote the key's bytes.
        guard let privateKey = try? NIOSSLPrivateKey(bytes: keyPEM, format: .pem) else {
            throw .invalidTLSFile(variable: "FINANCING_TLS_KEY", path: keyFile, expected: "a PEM private key")
        }
        return ServerTLS(
            certificates: certificates, privateKey: privateKey, certificatePEM: certificatePEM, keyPEM: keyPEM)
    }

    /// For the gRPC servers: HTTP/2 over TLS, negotiated with ALPN `h2`.
    var grpcTransportSecurity: HTTP2ServerTransport.Posix.TransportSecurity {
        .tls(certificateChain: [.bytes(certificatePEM, format: .pem)], privateKey: .bytes(keyPEM, format: .pem))
    }

    /// For the HTTP servers (the API, the metrics endpoint): TLS 1.2 at least, HTTP/1.1 only.
    package var httpConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        return configuration
    }
}
