/// What one watched process (or group of processes) used between the start of the load and the
/// end of the drain.
struct ProcessUsage: Codable, Sendable {
    let name: String
    let pids: [Int32]
    let rssStartMB: Double?
    let rssEndMB: Double?
    /// VmHWM at the end: the highest RSS since the process started (summed over a group).
    let peakRssMB: Double?
    let userS: Double
    let sysS: Double
    /// (user + sys) / wall time of the window: 1.0 is one full core.
    let cores: Double
}
