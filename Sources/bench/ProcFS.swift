#if canImport(Glibc)
    import Glibc
#endif

/// Reads the few `/proc` files the bench needs (Linux only; elsewhere everything is nil/empty).
enum ProcFS {
    /// Clock ticks per second, the unit of utime/stime in `/proc/<pid>/stat`.
    static let ticksPerSecond: Double = {
        #if canImport(Glibc)
            return Double(sysconf(Int32(_SC_CLK_TCK)))
        #else
            return 100
        #endif
    }()

    /// The whole file; `/proc` files report size 0, so this reads until EOF.
    static func read(_ path: String) -> [UInt8]? {
        #if canImport(Glibc)
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                bytes += buffer[0..<count]
            }
            return bytes
        #else
            return nil
        #endif
    }

    static func text(_ path: String) -> String? {
        read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every process id currently in `/proc`.
    static func allPIDs() -> [Int32] {
        #if canImport(Glibc)
            guard let directory = opendir("/proc") else { return [] }
            defer { closedir(directory) }
            var pids: [Int32] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if let pid = Int32(name) { pids.append(pid) }
            }
            return pids
        #else
            return []
        #endif
    }

    /// argv of the process.
    static func commandLine(of pid: Int32) -> [String]? {
        guard let bytes = read("/proc/\(pid)/cmdline"), !bytes.isEmpty else { return nil }
        return bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            .filter { !$0.isEmpty }
    }

    /// The executable's name as the kernel keeps it (`/proc/<pid>/comm`, at most 15 bytes).
    static func name(of pid: Int32) -> String? {
        text("/proc/\(pid)/comm").map { String($0.prefix { $0 != "\n" }) }
    }

    /// Memory and CPU time of the process right now, or nil when it is gone.
    static func sample(_ pid: Int32) -> ProcessSample? {
        guard let stat = text("/proc/\(pid)/stat"), let status = text("/proc/\(pid)/status"),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // The command name in parentheses may hold spaces: fields are counted after its ')'.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        func kilobytes(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
            return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? 0
        }
        return ProcessSample(
            rssKB: kilobytes("VmRSS"), peakRSSKB: kilobytes("VmHWM"), userTicks: user, systemTicks: system)
    }
}
