import ArgumentParser

/// A `--ttl` such as `90s`, `30m`, `1h` or `7d`.
struct TokenLifetime: ExpressibleByArgument {
    let seconds: Int64

    init(seconds: Int64) {
        self.seconds = seconds
    }

    init?(argument: String) {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = argument.last.flatMap({ units[$0] }), let count = Int64(argument.dropLast()), count > 0,
            count <= 366 * 86_400 / unit
        else { return nil }
        seconds = count * unit
    }

    var duration: Duration { .seconds(seconds) }
    var defaultValueDescription: String { "1h" }
}
