/// A failure of the bench itself (setup that never completes, a stack that does not answer).
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
