import FinancingRuntime
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
}
