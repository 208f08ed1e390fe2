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
}
