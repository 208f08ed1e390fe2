/// Percentiles of a set of latencies, in milliseconds (nearest-rank on the sorted samples).
struct LatencySummary: Codable, Sendable {
    let count: Int
    let p50Ms: Double?
    let p95Ms: Double?
    let p99Ms: Double?
    let maxMs: Double?
    let meanMs: Double?

    /// Summarises samples given in microseconds.
    init(micros samples: [Int64]) {
        count = samples.count
        guard !samples.isEmpty else {
            (p50Ms, p95Ms, p99Ms, maxMs, meanMs) = (nil, nil, nil, nil, nil)
            return
        }
        let sorted = samples.sorted()
        func percentile(_ fraction: Double) -> Double {
            let rank = Int((fraction * Double(sorted.count)).rounded(.up))
            return Double(sorted[max(0, min(sorted.count - 1, rank - 1))]) / 1_000
        }
        p50Ms = percentile(0.50)
        p95Ms = percentile(0.95)
        p99Ms = percentile(0.99)
        maxMs = Double(sorted[sorted.count - 1]) / 1_000
        meanMs = Double(sorted.reduce(0, +)) / Double(sorted.count) / 1_000
    }
}
