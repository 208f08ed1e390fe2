/// One verdict of the run, printed in the closing list; any failed check fails the run.
struct Check: Sendable {
    let name: String
    let passed: Bool
    let detail: String
}
