import HTTPTypes

/// Which methods a path has a route for: a path the router does not serve with the request's
/// method is 405 with `Allow` when another method serves it, 404 only when none does.
struct RouteTable: Sendable {
    private let routes: [(method: HTTPRequest.Method, segments: [Substring])]

    init(_ routes: [Route]) {
        self.routes = routes.map { ($0.method, $0.path.split(separator: "/")) }
    }

    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
        }.map(\.method)
    }
}
