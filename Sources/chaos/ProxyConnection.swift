import Foundation
import Synchronization

/// One client connection through a `FaultProxy`, forwarded on a thread of its own to a fresh
/// connection to the target. The thread owns both sockets and the data in flight; other threads
/// only read the proxy's mode and may ask for an abort.
final class ProxyConnection: Sendable {
    /// How a connection ends.
    private enum End {
        /// Both sides finished (FIN forwarded each way): close normally.
        case closed
        /// A side failed, or the nemesis asked: RST both sides.
        case reset
    }

    /// Bytes read from one side, waiting to be written to the other, in order.
    private struct Direction {
        /// A chunk, or nil for the end of the stream (forwarded as a FIN), with the time it may go.
        var queue: [(due: ContinuousClock.Instant, bytes: [UInt8]?)] = []
        var queued = 0
        /// How much of the first chunk was already written.
        var written = 0
        var readClosed = false
        var writeClosed = false
    }

    /// Above this many bytes in flight one way, the proxy stops reading that side: TCP's own flow
    /// control then slows the sender, as it would on a slow link.
    private static let maxInFlight = 1 << 20
    /// How long the thread may sleep before it looks at the mode and the abort flag again.
    private static let tick = Duration.milliseconds(20)

    let id: Int
    private let client: Int32
    private let targetPort: Int
    private let mode: @Sendable () -> FaultProxy.Mode
    private let abortRequested = Atomic<Bool>(false)

    init(id: Int, client: Int32, targetPort: Int, mode: @escaping @Sendable () -> FaultProxy.Mode) {
        self.id = id
        self.client = client
        self.targetPort = targetPort
        self.mode = mode
    }

    /// Makes the thread reset both sides at its next look (within a tick).
    func abort() {
        abortRequested.store(true, ordering: .relaxed)
    }

    /// Forwards until both sides finished, one failed, or an abort; closes both sockets. Blocks.
    func run() {
        guard case .success(let target) = ProxySocket.connect(port: targetPort) else {
            // As a refused connection would look had there been no proxy: the client learns at once.
            ProxySocket.abort(client)
            return
        }
        ProxySocket.prepare(client)
        ProxySocket.prepare(target)
        let end = forward(client: client, target: target)
        for socket in [client, target] {
            if end == .reset { ProxySocket.abort(socket) } else { close(socket) }
        }
    }

    private func forward(client: Int32, target: Int32) -> End {
        // [0]: client to target, [1]: target to client.
        let ends: [(from: Int32, to: Int32)] = [(client, target), (target, client)]
        var directions = [Direction(), Direction()]
        var buffer = [UInt8](repeating: 0, count: 64 * 1_024)
        while !abortRequested.load(ordering: .relaxed) {
            let mode = mode()
            if mode == .blackhole {
                // Nothing read, nothing written: the data stays in the kernel's buffers (as a TCP
                // sender keeps retransmitting into a black hole) and flows again once healed.
                sleep(for: Self.tick)
                continue
            }
            let now = ContinuousClock.now
            var descriptors: [pollfd] = []
            var timeout = Self.tick
            for (index, direction) in directions.enumerated() {
                if !direction.readClosed, direction.queued < Self.maxInFlight {
                    descriptors.append(pollfd(fd: ends[index].from, events: Int16(POLLIN), revents: 0))
                }
                if let head = direction.queue.first {
                    if head.due <= now {
                        descriptors.append(pollfd(fd: ends[index].to, events: Int16(POLLOUT), revents: 0))
                    } else {
                        timeout = min(timeout, head.due - now)
                    }
                }
            }
            guard poll(&descriptors, nfds_t(descriptors.count), Self.milliseconds(timeout) + 1) >= 0 || errno == EINTR
            else {
                return .reset
            }
            let delay: Duration = if case .latency(let delay) = mode { delay } else { .zero }
            for index in directions.indices {
                guard read(ends[index].from, into: &directions[index], buffer: &buffer, delay: delay),
                    write(ends[index].to, from: &directions[index])
                else { return .reset }
            }
            if directions.allSatisfy(\.writeClosed) { return .closed }
        }
        return .reset
    }

    /// Reads what is there without blocking; false when the side failed.
    private func read(_ socket: Int32, into direction: inout Direction, buffer: inout [UInt8], delay: Duration)
        -> Bool
    {
        guard !direction.readClosed, direction.queued < Self.maxInFlight else { return true }
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        let due = ContinuousClock.now + delay
        if count > 0 {
            direction.queue.append((due, Array(buffer[0..<count])))
            direction.queued += count
        } else if count == 0 {
            direction.readClosed = true
            direction.queue.append((due, nil))
        } else if errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR {
            return false
        }
        return true
    }

    /// Writes every chunk that is due, in order, without blocking; false when the side failed.
    private func write(_ socket: Int32, from direction: inout Direction) -> Bool {
        let now = ContinuousClock.now
        while let head = direction.queue.first, head.due <= now {
            guard let bytes = head.bytes else {
                shutdown(socket, Int32(SHUT_WR))
                direction.writeClosed = true
                direction.queue.removeFirst()
                continue
            }
            let sent = bytes.withUnsafeBytes { raw in
                send(socket, raw.baseAddress! + direction.written, raw.count - direction.written, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
            }
            direction.written += sent
            guard direction.written == bytes.count else { return true }
            direction.queued -= bytes.count
            direction.written = 0
            direction.queue.removeFirst()
        }
        return true
    }

    private func sleep(for duration: Duration) {
        var none: [pollfd] = []
        _ = poll(&none, 0, Self.milliseconds(duration))
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
