/// Something the checkers found that the guarantees of SPEC §5 rule out, named as Jepsen names
/// its anomalies (`lost`, `duplicated`, …), with one example to start the hunt from.
struct Anomaly: Sendable, CustomStringConvertible {
    /// Which of the closing counts it adds to.
    enum Class: String, Sendable {
        case lost
        case duplicated
        case money
        case other
    }

    let name: String
    let `class`: Class
    /// How many instances were found.
    let count: Int
    let example: String

    var description: String { "\(name): \(count) (e.g. \(example))" }
}
