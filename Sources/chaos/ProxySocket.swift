import Foundation

/// The few POSIX socket calls the fault proxy makes, on loopback IPv4 only.
enum ProxySocket {
    /// A listening socket on 127.0.0.1:`port`.
    static func listen(port: Int) throws -> Int32 {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw ChaosError("socket() failed: \(lastError())") }
        var reuse: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Foundation.listen(socket, 256) == 0 else {
            let error = lastError()
            close(socket)
            throw ChaosError("cannot listen on 127.0.0.1:\(port): \(error)")
        }
        return socket
    }

    /// A connected socket to 127.0.0.1:`port`, or nil with the reason. Blocking: on loopback the
    /// kernel answers at once, even for a stopped server (it completes the handshake from the backlog).
    static func connect(port: Int) -> Result<Int32, ChaosError> {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { return .failure(ChaosError("socket() failed: \(lastError())")) }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = lastError()
            close(socket)
            return .failure(ChaosError("connect to 127.0.0.1:\(port) failed: \(error)"))
        }
        return .success(socket)
    }

    /// Non-blocking, and without Nagle's algorithm: a delayed small write would add its own
    /// latency to the one the proxy injects.
    static func prepare(_ socket: Int32) {
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
        var on: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Closes with SO_LINGER 0, so the peer gets a RST instead of a FIN and unsent data is dropped.
    static func abort(_ socket: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(socket, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close(socket)
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
