import Dispatch

/// Runs a blocking librdkafka call on a Dispatch worker so it never occupies a cooperative-pool thread.
func runBlocking<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(returning: body())
        }
    }
}
