#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real-time clock in microseconds since the Unix epoch.
///
/// Latencies that start or end at a PostgreSQL timestamp (`now()` of the server on the same host)
/// must use this clock, not a monotonic one, so both sides of the subtraction share an origin.
enum WallClock {
    static func nowMicros() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1_000
    }

    /// Seconds between two readings, for rates.
    static func seconds(from start: Int64, to end: Int64) -> Double {
        Double(end - start) / 1_000_000
    }
}
