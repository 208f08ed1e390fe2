import Foundation

/// Renders a report as one Markdown table: throughput, latencies, baselines, ratios, processes
/// and aggregate loading, one row each.
struct ReportTable {
    private var rows: [[String]] = []

    static func render(_ report: BenchReport) -> String {
        var table = ReportTable()
        table.addThroughput(report)
        table.addLatencies(report.latency, load: report.load)
        if let probe = report.brokerAckProbe { table.add(probe) }
        for edge in report.edges { table.add(edge) }
        table.addBaselines(report.baselines)
        table.addRatios(report)
        for process in report.processes { table.add(process) }
        if let loading = report.aggregateLoading { table.add(loading) }
        let configuration = report.configuration
        let title =
            "bench: \(configuration.clients) clients (max \(configuration.maxPending) pending"
            + (configuration.rate > 0 ? ", open loop at \(configuration.rate)/s), " : "), ")
            + "\(Self.number(report.load.durationS, 1)) s load "
            + "+ \(Self.number(report.load.drainS, 1)) s drain, mix \(configuration.mix)"
            + ", events from the \(configuration.eventSource == "bus" ? "bus" : "event store")"
        return title + "\n" + table.markdown()
    }

    private mutating func add(_ metric: String, _ value: String, _ latency: LatencySummary? = nil) {
        let cells = [latency?.p50Ms, latency?.p95Ms, latency?.p99Ms, latency?.maxMs].map {
            $0.map { Self.number($0, 2) } ?? ""
        }
        rows.append([metric, value] + cells)
    }

    private mutating func addThroughput(_ report: BenchReport) {
        let load = report.load
        add("commands accepted/s (listener answered OK)", "\(Self.number(load.acceptedPerS, 1)) (\(load.accepted))")
        add(
            "commands processed/s (outcome recorded in window)",
            "\(Self.number(load.processedPerS, 1)) (\(load.processedInWindow))")
        let total = max(1, load.accepted)
        let mix = CommandKind.allCases.map { kind in
            "\(kind.shortName) \(Self.number(Double(load.acceptedByKind[kind.rawValue] ?? 0) * 100 / Double(total), 0))%"
        }
        add("mix as accepted (after fallbacks)", mix.joined(separator: " "))
        add(
            "outcomes: succeeded / rejected / missing; failed requests",
            "\(load.succeeded) / \(load.rejected) / \(load.missingOutcomes); \(load.errors.values.reduce(0, +))")
        add(
            "handler transactions/s (processed_messages rows)",
            "\(Self.number(report.store.handlerTransactionsPerS, 1)) (\(report.store.handlerTransactions))")
        add(
            "events appended/s / published/s",
            "\(Self.number(report.store.eventsAppendedPerS, 1)) / \(Self.number(report.store.eventsPublishedPerS, 1))")
    }

    private mutating func addLatencies(_ latency: LatencyFigures, load: LoadFigures) {
        add(
            "latency request -> accepted (gRPC answer), ms", "n=\(latency.requestToAccepted.count)",
            latency.requestToAccepted)
        add(
            "latency accepted -> outcome recorded, ms", "n=\(latency.acceptedToOutcome.count)",
            latency.acceptedToOutcome
        )
        add(
            "latency outcome -> first event on financing.events, ms", "n=\(latency.outcomeToFirstEvent.count)",
            latency.outcomeToFirstEvent)
        add(
            "latency accepted -> first event acknowledged by the broker, ms",
            "n=\(latency.acceptedToEventAcknowledged.count)", latency.acceptedToEventAcknowledged)
        add(
            "latency event -> visible in read model, ms", "n=\(latency.eventToReadModel.count)",
            latency.eventToReadModel)
        add(
            "latency request -> outcome (end to end), ms", "n=\(latency.requestToOutcome.count)",
            latency.requestToOutcome)
    }

    private mutating func add(_ probe: BrokerAckProbeResult) {
        // The first and the last window show the trend; every window is in the JSON.
        func p50(_ window: LatencySummary?) -> String { window?.p50Ms.map { Self.number($0, 1) } ?? "-" }
        add(
            "broker ack of an outside producer during the load, \(probe.rate) msg/s, ms",
            "n=\(probe.latency.count); p50 first / last \(probe.windowS) s: "
                + "\(p50(probe.windows.first)) / \(p50(probe.windows.last))", probe.latency)
    }

    private mutating func addBaselines(_ baselines: Baselines) {
        for result in baselines.postgresAppend {
            add(
                "baseline PostgreSQL optimistic append, \(result.connections) conns, tx/s (latency ms)",
                Self.number(result.transactionsPerS, 1), result.latency)
        }
        for result in baselines.kafkaProduce {
            let shape =
                result.mode == "batches"
                ? "\(result.concurrency) × batches of \(result.batchSize)" : "\(result.concurrency) concurrent sends"
            add(
                "baseline Kafka produce, \(shape), \(result.messageBytes) B, msg/s (latency ms)",
                Self.number(result.messagesPerS, 1), result.latency)
        }
        for result in baselines.grpcRoundTrip {
            let work = result.verifiesTokens == true ? "server verifies the bearer token" : "server does nothing"
            add(
                "baseline gRPC round trip, \(result.concurrency) concurrent calls, \(work), calls/s "
                    + "at \(Self.number(result.cores, 2)) cores (latency ms)",
                Self.number(result.callsPerS, 1), result.latency)
        }
    }

    private mutating func add(_ edge: EdgeResult) {
        let name = edge.edge == "http" ? "HTTP/JSON" : "gRPC"
        add(
            "edge \(name) (\(edge.request)), \(edge.clients) clients, accepted/s (latency request -> answer, ms)",
            "\(Self.number(edge.acceptedPerS, 1)) (\(edge.accepted); \(edge.failures) failed)", edge.latency)
    }

    private mutating func addRatios(_ report: BenchReport) {
        for (name, ratio) in report.ratios.sorted(by: { $0.key < $1.key }) {
            add("ratio \(name.replacingOccurrences(of: "_", with: " "))", Self.number(ratio, 4))
        }
    }

    private mutating func add(_ process: ProcessUsage) {
        func megabytes(_ value: Double?) -> String { value.map { Self.number($0, 0) } ?? "-" }
        add(
            "process \(process.name): RSS start -> end (peak) MB; CPU user/sys s",
            "\(megabytes(process.rssStartMB)) -> \(megabytes(process.rssEndMB)) (\(megabytes(process.peakRssMB))); "
                + "\(Self.number(process.userS, 1))/\(Self.number(process.sysS, 1)) = \(Self.number(process.cores, 2)) cores"
        )
    }

    private mutating func add(_ loading: AggregateLoadResult) {
        add(
            "load investor of \(loading.events) events, no snapshot, ms", "n=\(loading.withoutSnapshot.count)",
            loading.withoutSnapshot)
        add(
            "load investor of \(loading.events) events, snapshot + \(loading.eventsAfterSnapshot) events, ms",
            "n=\(loading.withSnapshot.count)", loading.withSnapshot)
    }

    private func markdown() -> String {
        let header = ["metric", "value", "p50", "p95", "p99", "max"]
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let rule =
            "|"
            + widths.enumerated().map { column, width in
                column == 0 ? String(repeating: "-", count: width + 2) : String(repeating: "-", count: width + 1) + ":"
            }.joined(separator: "|") + "|"
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    static func number(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
