import Hummingbird
import Testing

@testable import HTTPAPI

@Suite("Which methods a path is served with")
struct RouteTableTests {
    static let table = RouteTable([
        Route(method: .get, path: "/v1/invoices", handler: { _, _ in Response(status: .ok) }),
        Route(method: .post, path: "/v1/invoices", handler: { _, _ in Response(status: .ok) }),
        Route(method: .post, path: "/v1/invoices/:invoice_id/bids", handler: { _, _ in Response(status: .ok) }),
        Route(method: .get, path: "/", handler: { _, _ in Response(status: .ok) }),
    ])

    @Test("a fixed path has the methods registered for it")
    func fixedPath() {
        #expect(Self.table.methods(for: "/v1/invoices") == [.get, .post])
        #expect(Self.table.methods(for: "/") == [.get])
    }

    @Test("a parameter matches any one segment, never none or two")
    func parameters() {
        #expect(Self.table.methods(for: "/v1/invoices/abc/bids") == [.post])
        #expect(Self.table.methods(for: "/v1/invoices//bids").isEmpty)
        #expect(Self.table.methods(for: "/v1/invoices/a/b/bids").isEmpty)
    }

    @Test("a path no route has is served with nothing: 404, not 405")
    func unknown() {
        #expect(Self.table.methods(for: "/v1/nothing").isEmpty)
        #expect(Self.table.methods(for: "/v1/invoices/abc/approval").isEmpty)
    }
}
