import Foundation

/// Rewrites the database name of a `postgres://…/name?…` URL, to reach a scratch database (or the
/// `postgres` maintenance one) on the same server with the same credentials.
enum DatabaseURL {
    static func replacingDatabase(in url: String, with name: String) throws -> String {
        guard var components = URLComponents(string: url), components.scheme?.hasPrefix("postgres") == true else {
            throw BenchError("cannot derive a database URL from '\(url)': expected postgres://…/database")
        }
        components.path = "/" + name
        guard let result = components.string else { throw BenchError("cannot rewrite the database of '\(url)'") }
        return result
    }
}
