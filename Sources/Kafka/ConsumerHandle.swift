import CRdKafka
import Logging

/// Creating a subscribed consumer handle, and retiring one without a LeaveGroup.
///
/// Why no LeaveGroup: the broker we run, Tansu (0.6.0 as shipped), keeps a member that leaves while
/// the group is still forming as the group's leader. Its SyncGroup never comes, so every live member
/// gets `REBALANCE_IN_PROGRESS` forever, and members that leave and join again are stuck the same
/// way. A member that simply stops heartbeating is dropped after the session timeout, leader or not.
/// So a member that goes away lets its session expire: the group rebalances up to one session
/// timeout later than with a LeaveGroup, and never stalls.
enum ConsumerHandle {
    /// A consumer handle subscribed to `topics`; it joins the group while polled.
    static func subscribed(
        properties: [(String, String)],
        topics: [String],
        logger: Logger
    ) throws(KafkaError) -> RdKafkaClient {
        let client = try RdKafkaClient(kind: RD_KAFKA_CONSUMER, properties: properties, logger: logger)
        // Serve logs, errors and rebalances from rd_kafka_consumer_poll instead of a separate main queue.
        rd_kafka_poll_set_consumer(client.pointer)
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: topics.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics {
            // -1 is RD_KAFKA_PARTITION_UA: subscriptions name topics, the group assigns partitions.
            rd_kafka_topic_partition_list_add(list, topic, -1)
        }
        let error = rd_kafka_subscribe(client.pointer, list)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            client.destroy()
            throw KafkaError(code: .consume, context: "subscribe to \(topics)", rdKafkaError: error)
        }
        return client
    }

    /// Commits the offsets stored with `rd_kafka_offsets_store` (what `rd_kafka_consumer_close` would
    /// have committed), then destroys the handle without leaving the group. Blocks; call off the pool.
    static func retire(_ client: RdKafkaClient, logger: Logger) {
        let error = rd_kafka_commit(client.pointer, nil, 0)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR__NO_OFFSET {
            // The next owner of those partitions resumes from the last committed offset; the
            // redelivered messages are deduplicated downstream.
            logger.warning(
                "Kafka consumer: committing stored offsets before closing failed",
                metadata: ["kafka.error": "\(String(cString: rd_kafka_err2str(error)))"])
        }
        client.destroy(flags: RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
    }
}
