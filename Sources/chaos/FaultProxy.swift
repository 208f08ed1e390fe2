import Foundation
import Synchronization

/// A TCP proxy in front of one server (PostgreSQL or the broker) whose link the nemesis degrades:
/// the services reach the server only through it. tc netem is not available on these kernels, so
/// the faults are made here, in user space: latency, a black hole, resets.
///
/// Plain sockets and one thread per connection (plus one accepting): the proxy carries a few dozen
/// long-lived connections, and a thread blocked in poll(2) cannot stall the cooperative pool.
final class FaultProxy: Sendable {
    /// What the link does to the bytes it carries.
    enum Mode: Sendable, Equatable, CustomStringConvertible {
        case passThrough
        /// Every chunk, each way, is held for this long; order is kept.
        case latency(Duration)
        /// Nothing moves either way; connections stay open and new ones are accepted.
        case blackhole

        var description: String {
            switch self {
            case .passThrough: "pass-through"
            case .latency(let delay): "latency \(delay)"
            case .blackhole: "blackhole"
            }
        }
    }

    private struct State {
        var mode = Mode.passThrough
        var connections: [Int: ProxyConnection] = [:]
        var nextID = 0
        var stopped = false
    }

    /// Names the link in the history (e.g. "postgres-link").
    let name: String
    let port: Int
    let targetPort: Int
    private let listener: Int32
    private let state = Mutex(State())

    /// Listens on 127.0.0.1:`port` and forwards each connection to 127.0.0.1:`targetPort`.
    init(name: String, port: Int, targetPort: Int) throws {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        listener = try ProxySocket.listen(port: port)
        let thread = Thread { [self] in accept() }
        thread.name = "proxy-\(name)"
        thread.start()
    }

    var mode: Mode { state.withLock { $0.mode } }

    /// The connections open now.
    var connectionCount: Int { state.withLock { $0.connections.count } }

    func set(_ mode: Mode) {
        state.withLock { $0.mode = mode }
    }

    /// Resets every connection open now (RST to both sides); later ones are untouched. Returns how many.
    @discardableResult
    func reset() -> Int {
        state.withLock { state in
            for connection in state.connections.values { connection.abort() }
            return state.connections.count
        }
    }

    /// Stops accepting and resets what is open. The listening socket closes with the accepting thread.
    func stop() {
        state.withLock { state in
            state.stopped = true
            state.mode = .passThrough
            for connection in state.connections.values { connection.abort() }
        }
    }

    private func accept() {
        while !state.withLock({ $0.stopped }) {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let client = Foundation.accept(listener, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let connection: ProxyConnection? = state.withLock { state in
                guard !state.stopped else { return nil }
                state.nextID += 1
                let connection = ProxyConnection(id: state.nextID, client: client, targetPort: targetPort) {
                    [self] in mode
                }
                state.connections[connection.id] = connection
                return connection
            }
            guard let connection else {
                ProxySocket.abort(client)
                break
            }
            let thread = Thread { [self] in
                connection.run()
                _ = state.withLock { $0.connections.removeValue(forKey: connection.id) }
            }
            thread.name = "proxy-\(name)-\(connection.id)"
            thread.start()
        }
        close(listener)
    }
}
