/// How each figure of the report is measured, written into the JSON's `method`.
enum MethodNotes {
    static func notes(eventSource: EventSource, eventPollMs: Int, projectionPollMs: Int, outcomePollMs: Int)
        -> [String: String]
    {
        [
            "event_source": eventSourceNote(eventSource, eventPollMs: eventPollMs),
            "clock":
                "Latencies that cross the bench and PostgreSQL subtract CLOCK_REALTIME readings of the bench from "
                + "PostgreSQL now() values; both run on one host, so they share a clock. PostgreSQL now() is the "
                + "transaction's start time, not its commit time.",
            "load":
                "Closed loop (rate 0): each client sends one command, waits for the gRPC answer, sends the next, "
                + "until the duration ends, pausing while max_pending accepted commands await an outcome. Open loop "
                + "(rate > 0): the same clients, but each send waits for the next slot of one schedule evenly spaced "
                + "at rate per second (a slot already past goes out at once). Setup commands (pre-sold invoices) "
                + "are not counted. Each request carries request_id = command id and a traceparent whose trace id "
                + "is the command id.",
            "accepted_per_s": "gRPC OK answers of Commands during the window / window length.",
            "edges":
                "After the drain, the same command goes to each edge for baseline_seconds (after 1 s of warm-up) "
                + "with the load's number of clients, gRPC first, then HTTP/JSON: a 1000-minor-unit bid by a rich "
                + "investor on an invoice already financed (the handler rejects it, no money moves). gRPC "
                + "multiplexes the clients over one HTTP/2 connection; HTTP/1.1 keeps one keep-alive connection per "
                + "client. Accepted = gRPC OK or HTTP 202; latency is the bench's clock around the call. Between "
                + "the phases the handler records every outcome, so neither edge shares the machine with the "
                + "other's backlog.",
            "processed_per_s":
                "Accepted commands whose command_outcomes.completed_at falls inside the window / window length; "
                + "outcomes are read by polling command_outcomes JOIN commands in the event-store database every "
                + "\(outcomePollMs) ms (the poll interval does not enter any latency).",
            "request_to_accepted": "The bench's clock (CLOCK_REALTIME) around the unary gRPC call.",
            "accepted_to_outcome":
                "commands.accepted_at (listener's INSERT) → command_outcomes.completed_at (handler).",
            "outcome_to_first_event": outcomeToFirstEventNote(eventSource),
            "accepted_to_event_acknowledged":
                "commands.accepted_at (listener's INSERT, before it enqueues the command) → events.published_at of "
                + "the command's first event (min over events whose causation_id is the command), which the relayer "
                + "sets with now() in the UPDATE it runs after the broker acknowledged the batch: both PostgreSQL "
                + "clock readings, read after the drain; rejected commands have no event and are not counted.",
            "event_to_read_model":
                eventTime(eventSource) + " → the first poll (every \(projectionPollMs) ms, plus the query) of the "
                + "read-model database whose row for the aggregate shows a version ≥ the event's; the read models "
                + "hold no timestamps, so this is rounded up by up to one poll"
                + (eventSource == .store
                    ? ", plus up to one event poll when the event was found after its row already showed it." : "."),
            "store":
                "Rows of processed_messages (one per handler transaction), events.recorded_at and events.published_at "
                + "inside the window, counted in the event-store database after the drain.",
            "broker_ack_probe":
                "During the load, a KafkaProducer of the bench's own (the project's: enable.idempotence, acks=all, "
                + "linger.ms 0) sends a financing.events-shaped message to a scratch topic (\(BrokerAckProbe.topic), "
                + "read by nobody) at an even rate, each in its own task, timing send → acknowledgement on the bench's "
                + "clock. The relayer waits for the same broker's acknowledgement before it marks events published, so "
                + "this is the part of accepted → event acknowledged that the broker alone takes under this load; "
                + "windows are successive \(BrokerAckProbe.windowSeconds) s of the load.",
            "postgres_append_baseline":
                "Scratch tables in the event-store database: per transaction UPDATE streams SET version = version + 1 "
                + "WHERE id = $1 AND version = $2 and INSERT of one event row (the events table's columns and indexes, "
                + "a BidOnInvoicePlaced payload), through the project's PostgresPool, each connection on its own "
                + "stream; after the drain, 1 s warm-up excluded.",
            "kafka_produce_baseline":
                "The project's KafkaProducer (enable.idempotence, acks=all, linger.ms 0) sending messages shaped like "
                + "financing.events ones (same headers and payload size) to a scratch topic: concurrent single sends "
                + "(as the listener) and batches (as the relayer); 1 s warm-up excluded.",
            "grpc_round_trip_baseline":
                "The load's BidOnInvoice request and traceparent, sent by as many concurrent calls as the load has "
                + "clients over one HTTP/2 connection (grpc-swift 2, NIO transport), to a server in the bench's own "
                + "process that answers every call at once and does nothing else; cores is that process's CPU "
                + "during the window (client and server together); 1 s warm-up excluded.",
            "processes":
                "/proc/<pid>/status VmRSS/VmHWM and /proc/<pid>/stat utime/stime, read at the start of the load and at "
                + "the end of the drain; postgres and tansu are summed over their processes (shared memory counted "
                + "once per process).",
            "aggregate_loading":
                "A scratch database: one investor's history appended through PostgresEventStore.record, then "
                + "CommandExecutor.load with the service's codecs, without and with a snapshot policy; one warm-up "
                + "load excluded; the scratch database is dropped afterwards.",
            "processed_to_ceiling_ratio":
                "processed_per_s / PostgreSQL optimistic appends per second at the service's pool size "
                + "(FINANCING_POOL_SIZE). A command costs several transactions (its own, then saga reactions), so see "
                + "also handler_transactions_to_ceiling.",
        ]
    }

    private static func eventSourceNote(_ source: EventSource, eventPollMs: Int) -> String {
        switch source {
        case .store:
            "store: the bench polls the event store's events table every \(eventPollMs) ms by position (asking again "
                + "for positions skipped by a later commit and rows not yet published) and takes each event once "
                + "the relayer marked it published; the broker serves no reader for the bench."
        case .bus:
            "bus: the bench consumes financing.events in a fresh consumer group of its own (project KafkaConsumer, "
                + "fetch.wait.max.ms 10, starting at the topic's end): one more reader the broker serves."
        }
    }

    private static func eventTime(_ source: EventSource) -> String {
        switch source {
        case .store: "events.published_at of the event (set right after the broker acknowledged it)"
        case .bus: "Arrival of the event at the bench's consumer"
        }
    }

    private static func outcomeToFirstEventNote(_ source: EventSource) -> String {
        "command_outcomes.completed_at → " + eventTime(source).prefix(1).lowercased() + eventTime(source).dropFirst()
            + ", for the first financing.events message whose traceparent names the command; includes the "
            + (source == .store
                ? "relayer's wake-up and the broker's acknowledgement."
                : "relayer's wake-up, the broker's acknowledgement and the consumer's fetch wait.")
    }
}
