import CRdKafka
import Logging

/// Moves assigned partitions whose position is past the end of their log back to the log's start.
///
/// Why: Apache Kafka answers a fetch past the log end with `OFFSET_OUT_OF_RANGE`, and librdkafka then
/// applies `auto.offset.reset`. Tansu answers with an empty batch, so a member whose committed offset
/// outlived the log (a broker restarted empty, a topic deleted and created again, a commit from before
/// the loss that landed after it) would wait at that offset for ever while new messages pile up below
/// it. The consumer runs this check every few seconds; it does what `auto.offset.reset=earliest` would,
/// and the messages read again are deduplicated downstream.
enum PositionPastEnd {
    /// How long the broker may take to confirm the log end, and to take a seek.
    private static let brokerTimeoutMilliseconds: Int32 = 2_000

    /// Checks the assigned partitions that delivered nothing since they were assigned (they start at the
    /// group's committed offset); seeks one to its log start when its committed offset was past the log
    /// end at this check and the previous one (`suspects`, keyed by "topic/partition"). Partitions being
    /// consumed are left alone, and a gap of one is tolerated: Tansu's log end can trail what a consumer
    /// already read by a few offsets (seen under load and after dead-lettered messages), and moving
    /// those would replay the log for nothing. Blocks for up to a few broker round
    /// trips; call on the poll queue.
    static func reset(_ client: RdKafkaClient, suspects: inout [String: Int64], logger: Logger) {
        var assignment: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        guard rd_kafka_assignment(client.pointer, &assignment) == RD_KAFKA_RESP_ERR_NO_ERROR, let assignment
        else { return }
        defer { rd_kafka_topic_partition_list_destroy(assignment) }
        let count = Int(assignment.pointee.cnt)
        guard count > 0, rd_kafka_position(client.pointer, assignment) == RD_KAFKA_RESP_ERR_NO_ERROR,
            let idle = rd_kafka_topic_partition_list_new(Int32(count))
        else {
            suspects = [:]
            return
        }
        defer { rd_kafka_topic_partition_list_destroy(idle) }
        for index in 0..<count where assignment.pointee.elems[index].offset < 0 {
            let entry = assignment.pointee.elems[index]
            rd_kafka_topic_partition_list_add(idle, entry.topic, entry.partition)
        }
        guard idle.pointee.cnt > 0 else {
            suspects = [:]
            return
        }
        committedOffsets(client, filling: idle)
        guard let seeks = rd_kafka_topic_partition_list_new(idle.pointee.cnt) else { return }
        defer { rd_kafka_topic_partition_list_destroy(seeks) }
        var stillSuspect: [String: Int64] = [:]
        for index in 0..<Int(idle.pointee.cnt) {
            let entry = idle.pointee.elems[index]
            guard entry.offset >= 0, let topic = entry.topic else { continue }
            var low: Int64 = -1
            var high: Int64 = -1
            guard
                rd_kafka_query_watermark_offsets(
                    client.pointer, topic, entry.partition, &low, &high, brokerTimeoutMilliseconds)
                    == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0, entry.offset > high + 1
            else { continue }
            let key = "\(String(cString: topic))/\(entry.partition)"
            guard suspects[key] == entry.offset else {
                stillSuspect[key] = entry.offset
                continue
            }
            rd_kafka_topic_partition_list_add(seeks, topic, entry.partition)?.pointee.offset = max(low, 0)
            logger.warning(
                "Kafka consumer: committed offset past the end of the partition's log (the broker lost it?); reading from its start",
                metadata: [
                    "kafka.topic": "\(String(cString: topic))", "kafka.partition": "\(entry.partition)",
                    "kafka.committed": "\(entry.offset)", "kafka.log_end": "\(high)", "kafka.log_start": "\(low)",
                ])
        }
        suspects = stillSuspect
        guard seeks.pointee.cnt > 0 else { return }
        if let error = rd_kafka_seek_partitions(client.pointer, seeks, brokerTimeoutMilliseconds) {
            logger.warning(
                "Kafka consumer: seeking to the start of the log failed; the next check tries again",
                metadata: ["kafka.error": "\(String(cString: rd_kafka_error_string(error)))"])
            rd_kafka_error_destroy(error)
        }
    }

    /// Replaces each missing position in `partitions` with the group's committed offset, if it has one.
    private static func committedOffsets(
        _ client: RdKafkaClient, filling partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        guard let committed = rd_kafka_topic_partition_list_copy(partitions) else { return }
        defer { rd_kafka_topic_partition_list_destroy(committed) }
        guard rd_kafka_committed(client.pointer, committed, brokerTimeoutMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR
        else { return }
        for index in 0..<Int(partitions.pointee.cnt) where partitions.pointee.elems[index].offset < 0 {
            let entry = partitions.pointee.elems[index]
            guard let found = rd_kafka_topic_partition_list_find(committed, entry.topic, entry.partition) else {
                continue
            }
            partitions.pointee.elems[index].offset = found.pointee.offset
        }
    }
}
