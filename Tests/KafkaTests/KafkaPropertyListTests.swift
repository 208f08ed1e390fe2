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

    @Test("one pair per line, as in a properties file (FINANCING_KAFKA_*_PROPERTIES_FILE); blank lines ignored")
    func lines() throws {
        let properties = try KafkaPropertyList.parse("security.protocol=SASL_SSL\n\nsasl.mechanism = SCRAM-SHA-512\r\n")
        #expect(properties == ["security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512"])
    }

    @Test(
        "an entry that is not name=value is refused by its position, never quoted (it may be half a password)",
        arguments: ["linger.ms", "=5", " =1"])
    func malformed(entry: String) {
        let error = #expect(throws: KafkaError.self) { try KafkaPropertyList.parse("sasl.password=p4ss,\(entry)") }
        #expect(error?.code == .configuration)
        #expect(error?.message == "entry 2 of a Kafka property list is not name=value")
        #expect(error?.message.contains("p4ss") == false)
    }

    @Test(
        "credentials are told by their names",
        arguments: [
            ("sasl.password", true), ("ssl.key.password", true), ("sasl.oauthbearer.client.secret", true),
            ("sasl.jaas.config", true), ("ssl.keystore.location", true), ("ssl.key.pem", true),
            ("sasl.username", false), ("security.protocol", false), ("linger.ms", false),
        ])
    func secretNames(name: String, secret: Bool) {
        #expect(KafkaSecretProperty.isSecret(name) == secret)
        #expect(KafkaSecretProperty.shown(name, "v") == (secret ? "<redacted>" : "v"))
    }
}
