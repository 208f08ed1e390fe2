/// The lane of `ConsumerLoop` a message belongs to: its topic and partition, whose order it keeps.
struct PartitionLane: Hashable {
    let topic: String
    let partition: Int32

    init(_ message: IncomingMessage) {
        topic = message.topic
        partition = message.partition
    }
}
