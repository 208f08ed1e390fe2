import Foundation

/// Whether something accepts TCP connections on a loopback port, and waiting for it.
enum TCPProbe {
    static func isOpen(port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    /// Waits until the port answers; throws at the deadline.
    static func waitUntilOpen(port: Int, what: String, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while !isOpen(port: port) {
            guard ContinuousClock.now < deadline else { throw ChaosError("\(what) did not open port \(port)") }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
