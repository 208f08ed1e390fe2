import HTTPTypes
import Hummingbird

/// `GET /` and its two assets: the page asks for a token and shows what that token may see,
/// using the /v1 routes like any other client. Open, like health: the page itself is no secret.
///
/// A strict Content-Security-Policy (no inline script or style, no other origin) means a value
/// shown on the page can never run as code there.
struct WebRoutes: Sendable {
    var routes: [Route] {
        [
            Route(
                method: .get, path: "/", handler: { _, _ in Self.asset(WebPage.html, type: "text/html; charset=utf-8") }
            ),
            Route(
                method: .get, path: "/assets/app.css",
                handler: { _, _ in Self.asset(WebPageStyle.css, type: "text/css") }),
            Route(
                method: .get, path: "/assets/app.js",
                handler: { _, _ in Self.asset(WebPageScript.js, type: "text/javascript") }),
            Route(
                method: .get, path: "/assets/icon.svg",
                handler: { _, _ in Self.asset(Self.icon, type: "image/svg+xml") }),
            // Browsers ask for it whatever the page says.
            Route(
                method: .get, path: "/favicon.ico", handler: { _, _ in Self.asset(Self.icon, type: "image/svg+xml") }),
        ]
    }

    /// A ledger's two columns: the event store and the read model.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d2430"/>\
        <rect x="7" y="8" width="8" height="16" rx="2" fill="#2b59c3"/><rect x="17" y="8" width="8" height="16" rx="2" fill="#127a46"/></svg>
        """

    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!

    private static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: type, .cacheControl: "no-cache",
                contentSecurityPolicy:
                    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                contentTypeOptions: "nosniff",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
