import Kafka
import Logging
import ServiceLifecycle

/// Owns the shared Kafka producer's lifetime: on shutdown it flushes what is still queued.
struct ProducerService: Service {
    let producer: KafkaProducer
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        await producer.shutdown(timeout: .seconds(10))
        logger.info("producer flushed and closed")
    }
}
