import Kafka
import Testing

@Suite("Kafka property lists from the environment")
struct KafkaPropertyListTests {
    @Test("name=value pairs separated by commas, blanks around them ignored")
    func pairs() throws {
        let properties = try KafkaPropertyList.parse("linger.ms=0, fetch.wait.max.ms = 5")
        #expect(properties == ["linger.ms": "0", "fetch.wait.max.ms": "5"])
    }

    @Test("an empty list is no properties; a value may contain '='")
    func emptyAndEqualsInValue() throws {
        #expect(try KafkaPropertyList.parse("").isEmpty)
        #expect(try KafkaPropertyList.parse("sasl.jaas.config=a=b") == ["sasl.jaas.config": "a=b"])
    }

    @Test("the last of a repeated name wins, as librdkafka applies them in order")
    func repeatedName() throws {
        #expect(try KafkaPropertyList.parse("linger.ms=5,linger.ms=1") == ["linger.ms": "1"])
    }

    @Test("an entry that is not name=value is refused, naming it", arguments: ["linger.ms", "=5", " =1"])
    func malformed(entry: String) {
        let error = #expect(throws: KafkaError.self) { try KafkaPropertyList.parse("acks=all,\(entry)") }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("\"\(entry)\"") == true)
    }
}
