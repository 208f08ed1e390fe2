import AsyncHTTPClient
import Authentication
import FinancingAPI
import Foundation
import GRPCCore
import NIOCore

/// The two edges of the running service side by side, after the load: for the same time and with
/// the same number of clients, each sends the same command, a bid by a rich investor on an
/// invoice already financed (the handler rejects it without moving money), first over gRPC, then
/// over HTTP/JSON. Between the phases the handler settles, so neither edge competes with the
/// other's backlog.
struct EdgeComparison: Sendable {
    let commands: CommandsClient
    let http: HTTPClient
    /// `http://host:port` of the HTTP/JSON API.
    let httpBase: String
    let wallet: AccessTokenWallet
    let tracker: CommandTracker
    let invoices: InvoicePool
    let cast: Cast
    let clients: Int
    let warmUp: Duration
    let duration: Duration
    let settleTimeout: Duration

    private enum Edge: String {
        case grpc, http
    }

    func run() async -> [EdgeResult] {
        var results: [EdgeResult] = []
        for edge in [Edge.grpc, .http] {
            Population.report("edge: \(clients) clients bidding over \(edge == .grpc ? "gRPC" : "HTTP/JSON")")
            results.append(await measure(edge))
        }
        return results
    }

    private func measure(_ edge: Edge) async -> EdgeResult {
        let clock = ContinuousClock()
        let window = WindowTally(startingAt: clock.now, warmUp: warmUp, duration: duration)
        let totals = Locked(window)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var mine = window
                    var generator = SystemRandomNumberGenerator()
                    while clock.now < window.end {
                        guard let invoice = invoices.anyExisting(using: &generator) else { return }
                        let investor = cast.investors.randomElement(using: &generator)!
                        let id = UUID()
                        let requestMicros = WallClock.nowMicros()
                        let began = clock.now
                        let accepted = await send(edge, id: id, investor: investor, invoice: invoice)
                        let finished = clock.now
                        if accepted {
                            // Unmeasured: the load's figures stay the load's; the tracker only waits for it.
                            tracker.accepted(
                                CommandRecord(
                                    id: id, kind: .losingBid, measured: false, sale: nil,
                                    requestMicros: requestMicros, replyMicros: WallClock.nowMicros()))
                        }
                        mine.record(began: began, finished: finished, succeeded: accepted)
                    }
                    totals.withLock { $0.merge(mine) }
                }
            }
        }
        let settleStart = clock.now
        while tracker.pendingCount > 0, settleStart.duration(to: clock.now) < settleTimeout {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let result = totals.value
        return EdgeResult(
            edge: edge.rawValue,
            request: edge == .grpc ? "Commands/BidOnInvoice" : "POST /v1/invoices/{invoice_id}/bids",
            clients: clients, accepted: result.succeeded,
            acceptedPerS: Double(result.succeeded) / ProgressReporter.seconds(duration), failures: result.failures,
            latency: LatencySummary(micros: result.latencies),
            settleS: ProgressReporter.seconds(settleStart.duration(to: clock.now)))
    }

    /// Whether the edge accepted the bid.
    private func send(_ edge: Edge, id: UUID, investor: UUID, invoice: UUID) async -> Bool {
        let requestID = id.uuidString.lowercased()
        let investorID = investor.uuidString.lowercased()
        guard let token = try? await wallet.token(for: .investor(investorID)) else { return false }
        switch edge {
        case .grpc:
            var request = Financing_V1_BidOnInvoiceRequest()
            request.investorID = investorID
            request.invoiceID = invoice.uuidString.lowercased()
            request.bid = LoadClient.money(1_000)
            request.requestID = requestID
            var metadata: Metadata = ["traceparent": .string(TraceContext.traceparent(for: id))]
            metadata.addString("Bearer \(token)", forKey: "authorization")
            return (try? await commands.bidOnInvoice(request, metadata: metadata)) != nil
        case .http:
            var request = HTTPClientRequest(url: "\(httpBase)/v1/invoices/\(invoice.uuidString.lowercased())/bids")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Idempotency-Key", value: requestID)
            request.headers.add(name: "traceparent", value: TraceContext.traceparent(for: id))
            request.body = .bytes(ByteBuffer(string: #"{"investor_id":"\#(investorID)","bid":1000}"#))
            guard let response = try? await http.execute(request, timeout: .seconds(30)) else { return false }
            // The body is small; reading it returns the connection to the pool for the next request.
            _ = try? await response.body.collect(upTo: 64 * 1_024)
            return response.status == .accepted
        }
    }
}
