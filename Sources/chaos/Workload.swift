import Authentication
import FinancingAPI
import Foundation
import Pacing

/// The mixed workload: concurrent clients registering, selling, bidding, approving and reversing,
/// each call retried with its `request_id` until answered.
struct Workload: Sendable {
    let client: CommandClient
    let registering: RegisteringClient
    let state: WorkloadState
    /// Every investor's opening balance, in minor units.
    let balance: Int64

    /// Registers the opening population and returns once the broker acknowledged all of it.
    func registerPopulation(investors: Int, issuers: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<investors {
                group.addTask {
                    guard let id = await registering.registerInvestor(balance: balance) else {
                        throw ChaosError("could not register an investor")
                    }
                    await state.addInvestor(id)
                }
            }
            for _ in 0..<issuers {
                group.addTask {
                    guard let id = await registering.registerIssuer() else {
                        throw ChaosError("could not register an issuer")
                    }
                    await state.addIssuer(id)
                }
            }
            try await group.waitForAll()
        }
    }

    /// Runs `clients` concurrent clients until `deadline`. While `backlog` (commands recorded
    /// without an outcome) is above `maxBacklog` they hold off: the offered load then follows what
    /// the handlers absorb, so the backlog left for quiescence stays bounded however long the run.
    /// With `operationsPerSecond`, the clients share one schedule at that rate: the broker keeps
    /// everything it was sent in memory and slows as it grows, so a long run caps what it offers.
    func run(
        clients: Int, until deadline: ContinuousClock.Instant, maxBacklog: Int, operationsPerSecond: Int?,
        backlog: @escaping @Sendable () async -> Int?
    ) async {
        let pacer = operationsPerSecond.map { Pacer(perSecond: $0, start: .now) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while ContinuousClock.now < deadline, !Task.isCancelled {
                    if let count = await backlog() { await state.setThrottled(count > maxBacklog) }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            for _ in 0..<clients {
                group.addTask {
                    while ContinuousClock.now < deadline, !Task.isCancelled {
                        if await state.throttled {
                            try? await Task.sleep(for: .milliseconds(200))
                        } else {
                            await pacer?.waitForSlot()
                            await step()
                        }
                    }
                }
            }
        }
    }

    /// One operation, chosen at random with the workload's weights.
    private func step() async {
        switch Int.random(in: 0..<100) {
        case 0..<1:
            if let id = await registering.registerInvestor(balance: balance) { await state.addInvestor(id) }
            if Int.random(in: 0..<4) == 0, let id = await registering.registerIssuer() { await state.addIssuer(id) }
        case 1..<32:
            await sell()
        case 32..<77:
            if !(await bid()) { await sell() }
        case 77..<90:
            await settle(approve: true)
        default:
            await settle(approve: false)
        }
    }

    private func sell() async {
        guard let issuer = await state.randomIssuer() else { return }
        let askingPrice = Int64.random(in: 1_000...20_000)
        var request = Financing_V1_SellInvoiceRequest()
        request.issuerID = issuer.uuidString.lowercased()
        request.askingPrice = money(askingPrice)
        let id = UUID()
        request.requestID = id.uuidString.lowercased()
        let response = await client.call("sell", id: id, target: issuer, as: .issuer(request.issuerID)) {
            [request] commands, metadata, options in
            try await commands.sellInvoice(request, metadata: metadata, options: options)
        }
        if let response, let invoice = UUID(uuidString: response.invoiceID) {
            await state.addInvoice(WorkloadState.Invoice(id: invoice, askingPrice: askingPrice))
        }
    }

    /// Bids on a recent invoice: mostly at or above the asking price, sometimes below (rejected by
    /// the invoice, so the reservation must be released). False when there is nothing to bid on.
    private func bid() async -> Bool {
        guard let invoice = await state.invoiceToBidOn(), let investor = await state.randomInvestor() else {
            return false
        }
        let amount =
            Int.random(in: 0..<10) == 0
            ? invoice.askingPrice - Int64.random(in: 1...500) : invoice.askingPrice + Int64.random(in: 0...2_000)
        var request = Financing_V1_BidOnInvoiceRequest()
        request.investorID = investor.uuidString.lowercased()
        request.invoiceID = invoice.id.uuidString.lowercased()
        request.bid = money(amount)
        let id = UUID()
        request.requestID = id.uuidString.lowercased()
        let response = await client.call("bid", id: id, target: investor, as: .investor(request.investorID)) {
            [request] commands, metadata, options in
            try await commands.bidOnInvoice(request, metadata: metadata, options: options)
        }
        if response != nil { await state.noteBid(on: invoice.id) }
        return true
    }

    /// Approves or reverses an invoice that was bid on.
    func settle(approve: Bool) async {
        guard let invoice = await state.takeBidOn() else { return }
        await settle(invoice: invoice, approve: approve)
    }

    /// Approves or reverses `invoice`.
    func settle(invoice: UUID, approve: Bool) async {
        let id = UUID()
        if approve {
            var request = Financing_V1_ApproveFinancingRequest()
            request.invoiceID = invoice.uuidString.lowercased()
            request.requestID = id.uuidString.lowercased()
            _ = await client.call("approve", id: id, target: invoice) { [request] commands, metadata, options in
                try await commands.approveFinancing(request, metadata: metadata, options: options)
            }
        } else {
            var request = Financing_V1_ReverseFinancingRequest()
            request.invoiceID = invoice.uuidString.lowercased()
            request.requestID = id.uuidString.lowercased()
            _ = await client.call("reverse", id: id, target: invoice) { [request] commands, metadata, options in
                try await commands.reverseFinancing(request, metadata: metadata, options: options)
            }
        }
    }

    private func money(_ minorUnits: Int64) -> Financing_V1_Money {
        var money = Financing_V1_Money()
        money.minorUnits = minorUnits
        return money
    }
}
