/// The Kafka topics of SPEC §4.
public enum Topic {
    /// Commands from the listener, keyed by target aggregate id.
    public static let commands = "financing.commands"
    /// Domain events, produced by the relayer only, keyed by aggregate id.
    public static let events = "financing.events"
    /// Integration events from Registering (and `populate`), keyed by the registered id.
    public static let registering = "registering.events"

    /// Where undecodable or unroutable messages of a topic go, with an `error` header.
    public static func deadLetter(of topic: String) -> String { "\(topic).dlq" }

    /// Every topic the service uses, with its dead-letter topic.
    public static let all: [String] = [commands, events, registering].flatMap { [$0, deadLetter(of: $0)] }
}
