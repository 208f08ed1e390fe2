import FinancingRuntime
import Foundation
import Testing

@Suite("FinancingConfiguration from the environment")
struct FinancingConfigurationTests {
    @Test("FINANCING_TOPIC_PARTITIONS sets the partitions of created topics; a missing or unusable value keeps 6")
    func topicPartitions() {
        #expect(FinancingConfiguration.fromEnvironment([:]).topicPartitions == 6)
        #expect(FinancingConfiguration.fromEnvironment(["FINANCING_TOPIC_PARTITIONS": "2"]).topicPartitions == 2)
        for unusable in ["0", "-3", "many", ""] {
            let configuration = FinancingConfiguration.fromEnvironment(["FINANCING_TOPIC_PARTITIONS": unusable])
            #expect(configuration.topicPartitions == 6)
        }
    }

    @Test("FINANCING_RELAY_PIPELINE_DEPTH sets the relays in flight; a missing or unusable value keeps 1")
    func relayPipelineDepth() {
        #expect(FinancingConfiguration.fromEnvironment([:]).relayPipelineDepth == 1)
        #expect(FinancingConfiguration.fromEnvironment(["FINANCING_RELAY_PIPELINE_DEPTH": "3"]).relayPipelineDepth == 3)
        for unusable in ["0", "-1", "two", ""] {
            let configuration = FinancingConfiguration.fromEnvironment(["FINANCING_RELAY_PIPELINE_DEPTH": unusable])
            #expect(configuration.relayPipelineDepth == 1)
        }
    }

    @Test("the servers bind loopback unless FINANCING_BIND_HOST names another address")
    func bindHost() {
        #expect(FinancingConfiguration.fromEnvironment([:]).bindHost == "127.0.0.1")
        #expect(FinancingConfiguration.fromEnvironment(["FINANCING_BIND_HOST": ""]).bindHost == "127.0.0.1")
        #expect(FinancingConfiguration.fromEnvironment(["FINANCING_BIND_HOST": "0.0.0.0"]).bindHost == "0.0.0.0")
    }

    @Test("a secret may come from NAME_FILE: its content, without the trailing newline, becomes NAME")
    func secretFromFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        try Data("postgres://financing:s3cret@db:5432/financing\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = try SecretFiles.resolve(["FINANCING_EVENTSTORE_URL_FILE": file.path, "OTHER": "x"])
        #expect(
            environment == ["FINANCING_EVENTSTORE_URL": "postgres://financing:s3cret@db:5432/financing", "OTHER": "x"])
        #expect(
            FinancingConfiguration.fromEnvironment(environment).eventStoreURL
                == "postgres://financing:s3cret@db:5432/financing")
    }

    @Test("NAME and NAME_FILE together, or a file that cannot be read, stop the start without quoting anything")
    func secretFileErrors() {
        #expect(throws: SecretFileError.both(variable: "FINANCING_KAFKA_CLIENT_PROPERTIES")) {
            try SecretFiles.resolve([
                "FINANCING_KAFKA_CLIENT_PROPERTIES": "sasl.password=p", "FINANCING_KAFKA_CLIENT_PROPERTIES_FILE": "/x",
            ])
        }
        #expect(throws: SecretFileError.unreadable(variable: "FINANCING_READMODEL_URL_FILE", path: "/nonexistent/url"))
        {
            try SecretFiles.resolve(["FINANCING_READMODEL_URL_FILE": "/nonexistent/url"])
        }
    }

    @Test("FINANCING_KAFKA_CLIENT_PROPERTIES is read for every client; empty unless set")
    func kafkaClientProperties() {
        #expect(FinancingConfiguration.fromEnvironment([:]).kafkaClientProperties == "")
        let set = FinancingConfiguration.fromEnvironment(["FINANCING_KAFKA_CLIENT_PROPERTIES": "security.protocol=SSL"])
        #expect(set.kafkaClientProperties == "security.protocol=SSL")
    }

    @Test("FINANCING_TLS_CERT and FINANCING_TLS_KEY name the servers' certificate and key; empty: plaintext")
    func tlsFiles() {
        #expect(FinancingConfiguration.fromEnvironment([:]).tlsCertificateFile == "")
        let set = FinancingConfiguration.fromEnvironment([
            "FINANCING_TLS_CERT": "/c.pem", "FINANCING_TLS_KEY": "/k.pem",
        ])
        #expect(set.tlsCertificateFile == "/c.pem")
        #expect(set.tlsKeyFile == "/k.pem")
    }
}
