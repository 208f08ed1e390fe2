import Authentication
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What the HTTP/JSON edge answered: the status, the headers and the body as parsed JSON.
struct HTTPAnswer: @unchecked Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    /// The body as a JSON object ([:] when it is not one).
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    /// `error.code`, `error.field` of an error body.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// A plain client of the stack's HTTP/JSON edge (SPEC §7), calling as the caller it is given:
/// what a person with curl does.
enum HTTPClient {
    /// `FINANCING_HTTP_PORT`: the HTTP/JSON edge.
    static let port = ProcessInfo.processInfo.environment["FINANCING_HTTP_PORT"].flatMap(Int.init) ?? 8082

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    /// Sends `method path` with `body` (raw bytes, sent as JSON) and `headers`; with `caller`, a
    /// bearer token of theirs, with `token`, that exact credential, with neither, none.
    static func send(
        _ method: String, _ path: String, body: Data? = nil, as caller: Caller? = nil, token: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> HTTPAnswer {
        var request = URLRequest(url: URL(string: "http://\(StackEnvironment.host):\(port)\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let caller {
            request.setValue("Bearer \(try await Credentials.token(for: caller))", forHTTPHeaderField: "Authorization")
        }
        if let token { request.setValue(token, forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)"] = "\(value)" }
        return HTTPAnswer(status: http.statusCode, headers: fields, body: data)
    }

    /// A JSON body from a literal object.
    static func json(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object)
    }

    /// Polls `GET /v1/commands/{id}` until the command has an outcome; returns its answer.
    static func outcome(of commandID: String, as caller: Caller) async throws -> [String: Any] {
        let answer = try await eventually("command \(commandID) has an outcome over HTTP") { () -> HTTPAnswer? in
            let answer = try await send("GET", "/v1/commands/\(commandID)", as: caller)
            return answer.status == 200 && answer.json["state"] as? String != "PENDING" ? answer : nil
        }
        return answer.json
    }
}
