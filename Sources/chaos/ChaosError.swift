/// A failure of the harness itself (not an anomaly of the system under test): it cannot judge.
struct ChaosError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
