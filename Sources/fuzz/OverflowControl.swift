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

/// Money at the edge of Int64, end to end: an investor registered with Int64.max, a bid of the
/// largest amount the listener takes (10^15) financed and approved, a bid of Int64.max refused,
/// and two registrations that would overflow (the same investor again, and a balance of 2^63).
/// Through gRPC no sum can overflow: amounts are capped at 10^15 and funds are added only at
/// registration, so these controls check that the edge is exact and that overflow is refused.
struct OverflowControl: Sendable {
    typealias Transport = HTTP2ClientTransport.Posix
    static let cap: Int64 = 1_000_000_000_000_000

    let commands: Financing_V1_Commands.Client<Transport>
    let wallet: AccessTokenWallet
    let anOperator: Authentication.Caller
    let store: EventStoreWatch
    let brokers: String
    let timeout: Duration
    let logger: Logger

    /// What `run` set up, for `OverflowVerification` after the load.
    struct Setup: Sendable {
        let investor: UUID
        let issuer: UUID
        let invoice: UUID
        /// The investor whose registered balance (2^63) does not fit in Int64.
        let unrepresentable: UUID
        /// The message id of the second registration of `investor`.
        let reRegistration: UUID
        var records: [ControlRecord]
    }

    func run() async throws -> Setup {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: brokers), logger: logger)
        do {
            let setup = try await run(KafkaMessagePublisher(producer: producer))
            await producer.shutdown(timeout: .seconds(10))
            return setup
        } catch {
            await producer.shutdown(timeout: .seconds(10))
            throw error
        }
    }

    private func run(_ publisher: KafkaMessagePublisher) async throws -> Setup {
        let (issuer, investor, unrepresentable) = (UUID(), UUID(), UUID())
        var records: [ControlRecord] = []
        try await publisher.publish([
            .integration(.issuerRegistered(IssuerID(issuer), name: "Fuzz overflow issuer"), messageID: UUID()),
            .integration(
                .investorRegistered(
                    InvestorID(investor), name: "Fuzz overflow investor", balance: Money(minorUnits: .max)),
                messageID: UUID()),
        ])
        let investorRegistered = try await waitForEvents(of: investor, count: 2)
        let registered = try await waitForEvents(of: issuer, count: 1) && investorRegistered
        let events = try await store.eventTypes(of: investor)
        records.append(
            ControlRecord(
                name: "investor registered with balance Int64.max", expected: "InvestorCreated, InvestorFundsAdded",
                observed: registered ? events.joined(separator: ", ") : "not registered in time",
                passed: events == ["InvestorCreated", "InvestorFundsAdded"], aggregates: [investor, issuer]))

        let sale = UUID()
        var sell = Financing_V1_SellInvoiceRequest()
        sell.issuerID = issuer.uuidString.lowercased()
        sell.askingPrice = ValidRequest.money(Self.cap)
        sell.requestID = sale.uuidString.lowercased()
        let response = try await commands.sellInvoice(
            sell, metadata: try await wallet.metadata(as: .issuer(sell.issuerID)), options: Self.options)
        let invoice = UUID(uuidString: response.invoiceID) ?? UUID()
        records.append(await outcome("sale asking 10^15 (the cap)", sale, aggregate: invoice))

        records.append(await refusedBid(investor: investor, invoice: invoice))
        let bid = UUID()
        var request = bidRequest(investor: investor, invoice: invoice, Self.cap)
        request.requestID = bid.uuidString.lowercased()
        _ = try await commands.bidOnInvoice(
            request, metadata: try await wallet.metadata(as: .investor(request.investorID)), options: Self.options)
        records.append(await outcome("bid of 10^15 from the Int64.max balance", bid, aggregate: investor))
        _ = try await waitForEvents(of: invoice, count: 2)

        let approval = UUID()
        var approve = Financing_V1_ApproveFinancingRequest()
        approve.invoiceID = invoice.uuidString.lowercased()
        approve.requestID = approval.uuidString.lowercased()
        _ = try await commands.approveFinancing(
            approve, metadata: try await wallet.metadata(as: anOperator), options: Self.options)
        records.append(await outcome("approval of that financing", approval, aggregate: invoice))

        let reRegistration = UUID()
        try await publisher.publish([
            .integration(
                .investorRegistered(
                    InvestorID(investor), name: "Fuzz overflow investor", balance: Money(minorUnits: .max)),
                messageID: reRegistration),
            Self.unrepresentableRegistration(unrepresentable),
        ])
        return Setup(
            investor: investor, issuer: issuer, invoice: invoice, unrepresentable: unrepresentable,
            reRegistration: reRegistration, records: records)
    }

    static var options: CallOptions {
        var options = CallOptions.defaults
        options.timeout = .seconds(10)
        return options
    }

    /// InvestorRegistered with a balance of 2^63, one more than Int64 holds, written by hand:
    /// the typed encoder cannot produce it.
    static func unrepresentableRegistration(_ investor: UUID) -> OutgoingMessage {
        let id = investor.uuidString.lowercased()
        let json = #"{"investor_id":"\#(id)","name":"Fuzz unrepresentable","balance":9223372036854775808}"#
        return OutgoingMessage(
            topic: Topic.registering, key: id, payload: Array(json.utf8),
            headers: [
                MessageHeader(MessageHeader.messageType, "InvestorRegistered"),
                MessageHeader(MessageHeader.messageID, UUID().uuidString.lowercased()),
                MessageHeader(MessageHeader.schemaVersion, "1"),
            ])
    }

    private func bidRequest(investor: UUID, invoice: UUID, _ amount: Int64) -> Financing_V1_BidOnInvoiceRequest {
        var request = Financing_V1_BidOnInvoiceRequest()
        request.investorID = investor.uuidString.lowercased()
        request.invoiceID = invoice.uuidString.lowercased()
        request.bid = ValidRequest.money(amount)
        return request
    }

    /// A bid of Int64.max on real aggregates: reserved + bid would overflow; the listener refuses it.
    private func refusedBid(investor: UUID, invoice: UUID) async -> ControlRecord {
        let observed: String
        var passed = false
        do {
            let request = bidRequest(investor: investor, invoice: invoice, .max)
            let response = try await commands.bidOnInvoice(
                request, metadata: try await wallet.metadata(as: .investor(request.investorID)), options: Self.options)
            observed = "OK (command \(response.commandID))"
        } catch let error as RPCError {
            observed = "\(CallOutcome.name(of: error.code)): \(error.message.prefix(80))"
            passed = error.code == .invalidArgument && error.message.contains("bid")
        } catch {
            observed = "\(error)"
        }
        return ControlRecord(
            name: "bid of Int64.max on the same investor", expected: "INVALID_ARGUMENT naming bid", observed: observed,
            passed: passed)
    }

    /// The command's outcome as GetCommandStatus tells it, once decided.
    private func outcome(_ name: String, _ command: UUID, aggregate: UUID) async -> ControlRecord {
        let deadline = ContinuousClock.now + timeout
        var request = Financing_V1_GetCommandStatusRequest()
        request.commandID = command.uuidString.lowercased()
        var observed = "no answer"
        while ContinuousClock.now < deadline {
            do {
                let status = try await commands.getCommandStatus(
                    request, metadata: try await wallet.metadata(as: anOperator), options: Self.options)
                observed = status.reason.isEmpty ? "\(status.state)" : "\(status.state): \(status.reason)"
                if status.state != .pending { break }
            } catch {
                observed = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return ControlRecord(
            name: name, expected: "SUCCEEDED", observed: observed, passed: observed == "succeeded",
            commandIDs: [command], aggregates: [aggregate])
    }

    private func waitForEvents(of aggregate: UUID, count: Int) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await store.eventTypes(of: aggregate).count >= count { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
