import Authentication
import EventSourcing
import FinancingAPI
import FinancingDomain
import FinancingMessages
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Kafka
import Logging
import Messaging
import Postgres

/// The setup phase: registers issuers and investors the way `populate` does (integration events
/// on `registering.events`), waits until the service has them, then puts invoices on sale
/// through gRPC so the load starts with invoices to bid on.
struct Population: Sendable {
    let brokers: String
    let eventStore: PostgresPool
    let readModel: PostgresPool
    let queries: Financing_V1_Queries.Client<HTTP2ClientTransport.Posix>
    let commands: CommandsClient
    let wallet: AccessTokenWallet
    let tracker: CommandTracker
    let invoices: InvoicePool
    let feed: any EventFeed
    let timeout: Duration
    let logger: Logger

    func setUp(issuers: Int, investors: Int, poorInvestors: Int, sales: Int, clients: Int) async throws -> Cast {
        let cast = Cast(
            issuers: (0..<issuers).map { _ in UUID() }, investors: (0..<investors).map { _ in UUID() },
            poorInvestors: (0..<poorInvestors).map { _ in UUID() })
        let started = ContinuousClock.now
        try await register(cast)
        let everyone = cast.issuers + cast.investors + cast.poorInvestors
        try await waitFor("registrations in the event store", expected: everyone.count) {
            try await count(
                "SELECT count(DISTINCT aggregate_id) AS n FROM events", "aggregate_id", everyone, eventStore)
        }
        let allInvestors = cast.investors + cast.poorInvestors
        try await waitFor("investors in the read model", expected: allInvestors.count) {
            try await count("SELECT count(*) AS n FROM investors", "investor_id", allInvestors, readModel)
        }
        try await checkQueries(cast)
        Self.report(
            "registered \(issuers) issuers and \(allInvestors.count) investors in \(Self.seconds(since: started))")

        try await sell(sales, clients: clients, cast: cast)
        try await waitFor("outcomes of the setup sales", expected: 0) { tracker.progress.pending }
        // A bus feed starts at the end of the topic once it has partitions; events it saw prove it has them.
        let deadline = ContinuousClock.now + timeout
        while feed.receivedCount == 0 {
            guard ContinuousClock.now < deadline else {
                throw BenchError("the bench's event feed saw no published event during setup")
            }
            try await sell(clients, clients: clients, cast: cast)
            try await Task.sleep(for: .seconds(1))
        }
        Self.report("setup done in \(Self.seconds(since: started)): \(invoices.availableCount) invoices on sale")
        return cast
    }

    private func register(_ cast: Cast) async throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(brokers: brokers), logger: logger)
        let publisher = KafkaMessagePublisher(producer: producer)
        let rich = Money(minorUnits: Cast.richBalance)
        var registrations: [IntegrationEvent] = []
        for (index, id) in cast.issuers.enumerated() {
            registrations.append(.issuerRegistered(IssuerID(id), name: "Bench issuer \(index + 1)"))
        }
        for (index, id) in cast.investors.enumerated() {
            registrations.append(
                .investorRegistered(InvestorID(id), name: "Bench investor \(index + 1)", balance: rich))
        }
        for (index, id) in cast.poorInvestors.enumerated() {
            registrations.append(
                .investorRegistered(InvestorID(id), name: "Bench poor investor \(index + 1)", balance: .zero))
        }
        do {
            for start in stride(from: 0, to: registrations.count, by: 500) {
                let batch = registrations[start..<min(start + 500, registrations.count)]
                try await publisher.publish(batch.map { OutgoingMessage.integration($0, messageID: UUID()) })
            }
        } catch {
            await producer.shutdown(timeout: .seconds(5))
            throw error
        }
        await producer.shutdown(timeout: .seconds(10))
    }

    private func sell(_ count: Int, clients: Int, cast: Cast) async throws {
        let client = LoadClient(
            commands: commands, wallet: wallet, tracker: tracker, invoices: invoices, cast: cast,
            mix: Mix(weights: [(.sell, 1)]),
            measured: false)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var generator = SystemRandomNumberGenerator()
                    for _ in stride(from: worker, to: count, by: clients) {
                        await client.send(.sell, using: &generator)
                    }
                }
            }
        }
    }

    /// One Queries call, so a stack whose query side is down fails here rather than silently.
    private func checkQueries(_ cast: Cast) async throws {
        guard let investor = cast.investors.first else { return }
        var request = Financing_V1_GetInvestorRequest()
        request.investorID = investor.uuidString.lowercased()
        let answer = try await queries.getInvestor(request)
        guard answer.balance.minorUnits == Cast.richBalance else {
            throw BenchError("Queries shows investor \(investor) with balance \(answer.balance.minorUnits)")
        }
    }

    private func count(_ select: String, _ column: String, _ ids: [UUID], _ pool: PostgresPool) async throws -> Int {
        let array = "{" + ids.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
        let rows = try await pool.withConnection { connection in
            try await connection.query("\(select) WHERE \(column) = ANY($1::uuid[])", [array])
        }
        return try rows.first?.int("n") ?? 0
    }

    private func waitFor(_ what: String, expected: Int, _ current: () async throws -> Int) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = -1
        while true {
            last = try await current()
            if last == expected { return }
            guard ContinuousClock.now < deadline else {
                throw BenchError("timed out waiting for \(what): \(last), expected \(expected)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> String {
        String(format: "%.1f s", ProgressReporter.seconds(start.duration(to: .now)))
    }

    static func report(_ line: String) {
        FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
    }
}
