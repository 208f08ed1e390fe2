import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Prometheus
import ServiceLifecycle

/// A small HTTP/1.1 server for operators and orchestrators: `GET /metrics` (Prometheus text
/// format), `GET /healthz` (liveness: 200 while the process runs) and `GET /readyz` (readiness:
/// 200 while the dependencies answer, 503 otherwise and during shutdown).
///
/// First in the service group, so it stops last: probes get answers until the process exits.
package struct MetricsHTTPServer: Service {
    private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    let host: String
    let port: Int
    let registry: PrometheusCollectorRegistry
    let readiness: Readiness?
    /// A connection with nothing read for this long is closed (SPEC §6: idle timeouts).
    let idleTimeout: Duration
    /// Connections open at once; one more is closed at once (probes are few, sockets are not free).
    let maximumConnections: Int
    /// nil: plaintext. Otherwise HTTPS, with the certificate of the process's other servers.
    let tls: TLSConfiguration?
    let onListening: @Sendable (Int) -> Void
    let logger: Logger

    /// `readiness` nil: `/readyz` answers like `/healthz` (a process with nothing to check). Port 0
    /// binds a free port; `onListening` hears the port once connections are accepted.
    package init(
        host: String, port: Int, registry: PrometheusCollectorRegistry, readiness: Readiness?,
        idleTimeout: Duration = .seconds(30), maximumConnections: Int = 64, tls: TLSConfiguration? = nil,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }, logger: Logger
    ) {
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
        self.tls = tls
        self.host = host
        self.port = port
        self.registry = registry
        self.readiness = readiness
        self.onListening = onListening
        self.logger = logger
    }

    package func run() async throws {
        let server: NIOAsyncChannel<Connection, Never>
        do {
            server = try await bind()
        } catch {
            // Probes matter less than the work: a taken port (a second process on this host left at
            // the default) is logged loudly, and the process runs on without the endpoint.
            logger.error(
                "metrics endpoint not started; set FINANCING_METRICS_PORT to a free port or 0",
                metadata: ["port": "\(port)", "error": "\(error)"])
            try? await gracefulShutdown()
            return
        }
        let boundPort = server.channel.localAddress?.port ?? port
        logger.info("serving /metrics, /healthz and /readyz", metadata: ["port": "\(boundPort)"])
        onListening(boundPort)
        let slots = ConnectionSlots(capacity: maximumConnections)
        // Cancelled, not drained, at shutdown: scrapes and probes are cheap to repeat.
        try? await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        guard slots.take() else {
                            logger.warning(
                                "metrics endpoint full: closed a connection",
                                metadata: ["open": "\(slots.capacity)"])
                            group.addTask { try? await connection.channel.close() }
                            continue
                        }
                        group.addTask {
                            await serve(connection)
                            slots.giveBack()
                        }
                    }
                }
            }
        }
        logger.info("metrics endpoint stopped")
    }

    private func bind() async throws -> NIOAsyncChannel<Connection, Never> {
        let tlsContext = try tls.map { try NIOSSLContext(configuration: $0) }
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext))
                    }
                    let idle = TimeAmount.nanoseconds(
                        idleTimeout.components.seconds * 1_000_000_000 + idleTimeout.components.attoseconds
                            / 1_000_000_000)
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idle))
                    try channel.pipeline.syncOperations.addHandler(CloseWhenIdleHandler())
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
    }

    private func serve(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { requests, responses in
                var head: HTTPRequestHead?
                for try await part in requests {
                    switch part {
                    case .head(let requestHead): head = requestHead
                    case .body: continue
                    case .end:
                        guard let request = head else { continue }
                        try await write(answer(request), to: responses, for: request)
                        if !request.isKeepAlive { return }
                        head = nil
                    }
                }
            }
        } catch {
            logger.debug("metrics connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// What a request gets: status, content type and body.
    func answer(_ request: HTTPRequestHead) -> (HTTPResponseStatus, String, [UInt8]) {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        guard request.method == .GET else { return (.methodNotAllowed, "text/plain", Array("GET only\n".utf8)) }
        switch path {
        case "/metrics":
            return (.ok, "text/plain; version=0.0.4; charset=utf-8", registry.emitToBuffer())
        case "/healthz":
            return (.ok, "text/plain", Array("ok\n".utf8))
        case "/readyz":
            guard let readiness, !readiness.isReady() else { return (.ok, "text/plain", Array("ready\n".utf8)) }
            let problems = readiness.problems
            let reason = problems.isEmpty ? "shutting down" : Readiness.describe(problems)
            return (.serviceUnavailable, "text/plain", Array("not ready (\(reason))\n".utf8))
        default:
            return (.notFound, "text/plain", Array("not found\n".utf8))
        }
    }

    private func write(
        _ answer: (HTTPResponseStatus, String, [UInt8]),
        to responses: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        for request: HTTPRequestHead
    ) async throws {
        let (status, contentType, body) = answer
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", "\(body.count)")])
        if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
        try await responses.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        try await responses.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
        try await responses.write(.end(nil))
    }
}
