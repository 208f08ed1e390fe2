/// One reading of a process: resident memory and CPU time consumed since it started.
struct ProcessSample: Sendable {
    let rssKB: Int
    /// The highest RSS the process ever had (VmHWM).
    let peakRSSKB: Int
    let userTicks: Int
    let systemTicks: Int
}
