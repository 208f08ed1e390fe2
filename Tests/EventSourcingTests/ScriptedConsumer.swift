import EventSourcing
import Synchronization

/// A consumer that hands out a fixed list of messages, then nothing, and records acknowledgements.
final class ScriptedConsumer: MessageConsumer, Sendable {
    private let state: Mutex<(pending: [IncomingMessage], released: Int, acknowledged: [IncomingMessage], closed: Bool)>

    /// Hands out the first `released` messages; the rest only after `releaseAll()`.
    init(_ messages: [IncomingMessage], released: Int = .max) { state = Mutex((messages, released, [], false)) }

    func releaseAll() { state.withLock { $0.released = .max } }

    var acknowledged: [IncomingMessage] { state.withLock { $0.acknowledged } }
    var isClosed: Bool { state.withLock { $0.closed } }
    /// Messages not yet handed out.
    var remaining: Int { state.withLock { $0.pending.count } }

    func next(timeout: Duration) async throws(MessagingError) -> IncomingMessage? {
        let message = state.withLock { state -> IncomingMessage? in
            guard !state.pending.isEmpty, state.released > 0 else { return nil }
            state.released -= 1
            return state.pending.removeFirst()
        }
        if message == nil { try? await Task.sleep(for: .milliseconds(5)) }
        return message
    }

    func acknowledge(_ message: IncomingMessage) async throws(MessagingError) {
        state.withLock { $0.acknowledged.append(message) }
    }

    func close() async { state.withLock { $0.closed = true } }

    /// `count` messages on each of `partitions`, interleaved as a broker would deliver them.
    static func messages(partitions: Int32, count: Int64) -> [IncomingMessage] {
        (0..<count).flatMap { offset in
            (0..<partitions).map { partition in
                IncomingMessage(
                    topic: "t", partition: partition, offset: offset, key: "k\(partition)", payload: [], headers: [])
            }
        }
    }
}
