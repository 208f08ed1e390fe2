import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An HTTP GET against a server the test started on 127.0.0.1, and reading Prometheus text.
enum Scrape {
    /// The status code and body of `GET http://127.0.0.1:port/path`.
    static func get(port: Int, _ path: String) async throws -> (status: Int, body: String) {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw TestSetupError("bad path \(path)") }
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = (response as? HTTPURLResponse)?.statusCode ?? -1
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// The value of one series (`name{label="value"}` exactly as exposed) in Prometheus text, nil if absent.
    static func value(_ series: String, in exposition: String) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
