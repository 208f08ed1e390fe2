import Authentication
import EventSourcing
import FinancingAPI
import FinancingMessages
import Foundation
import Hummingbird
import Logging

/// `GET /v1/streams/{aggregate_type}/{id}` (SPEC §7): an aggregate's events straight from the
/// event store, a page at a time, to that investor or issuer (an invoice's issuer) or an
/// operator: the write side beside the read model the query routes show.
struct StreamRoutes: Sendable {
    let streams: any StreamPages
    let logger: Logger

    static let aggregateTypes = ["invoice": "Invoice", "investor": "Investor", "issuer": "Issuer"]

    var routes: [Route] {
        [Route(method: .get, path: "/v1/streams/:aggregate_type/:id", handler: events)]
    }

    @Sendable func events(_ request: Request, context: APIRequestContext) async throws -> Response {
        let typeName = (context.parameters.get("aggregate_type") ?? "").lowercased()
        guard let aggregateType = Self.aggregateTypes[typeName] else {
            throw APIError.invalid("aggregate_type", "must be invoice, investor or issuer")
        }
        let text = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text), id.uuidString.lowercased() == text else {
            throw APIError.invalid("id", "must be a canonical lower-case UUID")
        }
        let (size, token) = try QueryRoutes.page(request)
        let page = try StreamPage(size: size, token: token)
        let stream = StreamID(aggregateType: aggregateType, id: id)

        let events = try await reading {
            try await streams.events(of: stream, afterVersion: page.after, limit: page.size)
        }
        let first =
            page.after == 0 || aggregateType != "Invoice"
            ? events.first : try await reading { try await streams.events(of: stream, afterVersion: 0, limit: 1).first }
        // Before saying whether it exists: a stream that is not the caller's is refused alike.
        _ = try CallAuthorization.caller(for: stream.protectedRead(firstEvent: first))
        if events.isEmpty && page.after == 0 {
            throw APIError(status: .notFound, code: "NOT_FOUND", message: "stream \(typeName)/\(text) not found")
        }
        let next = events.count == page.size ? StreamPage.encode(after: events.last?.version) : ""
        return JSONResponse.make(PageJSON(key: "events", items: events.map(StreamEventJSON.init), nextPageToken: next))
    }

    private func reading<T>(_ body: () async throws -> T) async throws(APIError) -> T {
        do {
            return try await body()
        } catch {
            logger.error("event store read failed", metadata: ["error": "\(error)"])
            throw APIError(
                status: .serviceUnavailable, code: "UNAVAILABLE", message: "the event store is unavailable right now")
        }
    }
}
