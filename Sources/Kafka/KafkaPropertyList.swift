/// librdkafka properties written as one line, `name=value,name=value`, for operators to tune the
/// clients from the environment (`FINANCING_KAFKA_*_PROPERTIES`) without a rebuild; in a file
/// (`…_FILE`), one per line works too. Unknown names and bad values are refused later, by
/// librdkafka, when the client is created. A value cannot contain a comma or a newline.
public enum KafkaPropertyList {
    /// The pairs of `text`; an empty or blank text is no pairs.
    public static func parse(_ text: String) throws(KafkaError) -> [String: String] {
        var properties: [String: String] = [:]
        let entries = text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r\n" })
            .filter { !$0.allSatisfy(\.isWhitespace) }
        for (index, entry) in entries.enumerated() {
            let pair = entry.split(separator: "=", maxSplits: 1)
            let name = pair.first.map { String($0).trimmed } ?? ""
            // Not quoted: a malformed entry may be half of a password that held a comma.
            guard pair.count == 2, !name.isEmpty else {
                throw KafkaError(
                    code: .configuration, message: "entry \(index + 1) of a Kafka property list is not name=value")
            }
            properties[name] = String(pair[1]).trimmed
        }
        return properties
    }
}

extension String {
    fileprivate var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
