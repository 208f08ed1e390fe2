import CRdKafka

/// Facts about the librdkafka that was loaded at run time (not the headers compiled against).
public enum LibRdKafka {
    /// The minimum supported version, in `rd_kafka_version()`'s 0xMMmmrrpp encoding: 2.2.0.
    public static let minimumVersionNumber = 0x0202_0000

    /// The loaded library's version string, e.g. "2.14.2".
    public static var versionString: String {
        String(cString: rd_kafka_version_str())
    }

    /// The loaded library's version as 0xMMmmrrpp (major, minor, revision, pre-release id).
    public static var versionNumber: Int {
        Int(rd_kafka_version())
    }

    /// Throws `.unsupportedVersion` when the loaded librdkafka is older than 2.2.0.
    public static func requireSupportedVersion() throws(KafkaError) {
        // Checked at run time because the dynamic loader may pick a different library than the build saw.
        guard versionNumber >= minimumVersionNumber else {
            throw KafkaError(
                code: .unsupportedVersion,
                message: """
                    librdkafka \(versionString) is too old; 2.2.0 or newer is required. Versions before 2.1.1 \
                    misparse tagged fields in ApiVersions responses and cannot talk to current brokers \
                    (Debian 12 ships 2.0.2; scripts/install-deps builds 2.14.2, patched, into ~/.cache/financing).
                    """
            )
        }
    }
}
