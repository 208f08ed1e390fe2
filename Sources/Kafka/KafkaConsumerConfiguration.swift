/// Settings for a `KafkaConsumer`.
public struct KafkaConsumerConfiguration: Sendable {
    /// Comma-separated `host:port` bootstrap list (`bootstrap.servers`).
    public var brokers: String
    /// The consumer group (`group.id`) whose committed offsets this consumer resumes from.
    public var groupID: String
    /// The topics to subscribe to.
    public var topics: [String]
    /// Where a group without a committed offset starts (`auto.offset.reset`).
    public var autoOffsetReset: String = "earliest"
    /// Extra librdkafka properties, applied last so they override the defaults.
    ///
    /// `fetch.wait.max.ms` defaults to 10: librdkafka's 500 ms default makes produce-to-consume latency
    /// about 130 ms at p50, while 2 ms or less receives nothing from the local broker (ENVIRONMENT.md).
    public var properties: [String: String] = ["fetch.wait.max.ms": "10"]
    /// nil: offsets move only on `KafkaConsumer.commit` (one synchronous round trip each). Set: the
    /// caller marks finished messages with `store` and librdkafka commits the stored offsets this
    /// often and on close. Either way an offset moves only past messages the caller finished; the
    /// interval only bounds how many finished messages a crash redelivers.
    public var commitInterval: Duration?
    /// How long the member may hold no partition before it joins again as a new member (doubling
    /// after each rejoin, up to 5 minutes); nil never. See `AssignmentWatchdog` for why.
    public var rejoinWhenUnassignedFor: Duration? = .seconds(15)

    /// Creates a configuration for one group member subscribed to `topics`.
    public init(brokers: String, groupID: String, topics: [String]) {
        self.brokers = brokers
        self.groupID = groupID
        self.topics = topics
    }

    /// The full property list in application order: defaults, then `properties`.
    var librdkafkaProperties: [(String, String)] {
        [
            ("bootstrap.servers", brokers),
            ("group.id", groupID),
            ("auto.offset.reset", autoOffsetReset),
            // Offsets move only past messages the caller finished: at-least-once processing.
            ("enable.auto.commit", commitInterval == nil ? "false" : "true"),
            ("auto.commit.interval.ms", String(commitInterval?.rdKafkaMilliseconds ?? 5_000)),
            ("enable.auto.offset.store", "false"),
            // librdkafka's 45 s default makes Tansu hold a new group's first JoinGroup for ~23 s (about half
            // the session timeout); 6 s (Kafka's minimum) joins in ~3 s. Heartbeats come from librdkafka's
            // own thread, so slow message handling does not risk the session.
            ("session.timeout.ms", "6000"),
            // Also here, not only in `properties`, so callers who replace that dictionary keep low latency.
            ("fetch.wait.max.ms", "10"),
        ] + properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
