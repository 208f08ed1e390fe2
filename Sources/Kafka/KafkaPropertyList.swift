/// librdkafka properties written as one line, `name=value,name=value`, for operators to tune the
/// clients from the environment (`FINANCING_KAFKA_PRODUCER_PROPERTIES`, `…_CONSUMER_PROPERTIES`)
/// without a rebuild. Unknown names and bad values are refused later, by librdkafka, when the
/// client is created.
public enum KafkaPropertyList {
    /// The pairs of `text`; an empty or blank text is no pairs.
    public static func parse(_ text: String) throws(KafkaError) -> [String: String] {
        var properties: [String: String] = [:]
        for entry in text.split(separator: ",") {
            let pair = entry.split(separator: "=", maxSplits: 1)
            let name = pair.first.map { String($0).trimmed } ?? ""
            guard pair.count == 2, !name.isEmpty else {
                throw KafkaError(
                    code: .configuration, message: "\"\(entry)\" is not name=value in the property list \"\(text)\"")
            }
            properties[name] = String(pair[1]).trimmed
        }
        return properties
    }
}

extension String {
    fileprivate var trimmed: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
