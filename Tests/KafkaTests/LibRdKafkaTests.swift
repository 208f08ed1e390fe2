import Kafka
import Testing

@Suite("librdkafka version")
struct LibRdKafkaTests {
    @Test("the loaded librdkafka is 2.2 or newer and the check passes")
    func supportedVersion() throws {
        try LibRdKafka.requireSupportedVersion()
        #expect(LibRdKafka.versionNumber >= 0x0202_0000)
        let parts = LibRdKafka.versionString.split(separator: ".").compactMap { Int($0.prefix { $0.isNumber }) }
        let major = try #require(parts.first)
        let minor = try #require(parts.dropFirst().first)
        #expect(major > 2 || (major == 2 && minor >= 2), "version string \(LibRdKafka.versionString)")
        // The number and the string describe the same library.
        #expect(LibRdKafka.versionNumber >> 24 == major)
        #expect((LibRdKafka.versionNumber >> 16) & 0xFF == minor)
    }
}
