/// A company that sells invoices. It must exist before it can put an invoice on sale.
public enum Issuer: Decider {
    public static let aggregateType = "Issuer"

    /// Registered or not.
    public enum State: Hashable, Sendable {
        case initial
        case registered(IssuerID)
    }

    /// What can be asked of an issuer.
    public enum Command: Hashable, Sendable {
        /// Registering announced the issuer (`IssuerRegistered`).
        case register(id: IssuerID)
    }

    /// What happened to an issuer (SPEC §4).
    public enum Event: Hashable, Sendable {
        /// The issuer exists (`IssuerCreated`).
        case created(IssuerID)

        /// The stable wire name (`message_type`).
        public var name: String { "IssuerCreated" }
    }

    /// Why an issuer refuses a command.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case alreadyRegistered(IssuerID)

        public var description: String {
            switch self {
            case .alreadyRegistered(let id): "issuer \(id) is already registered"
            }
        }
    }

    public static let initialState = State.initial

    /// SPEC §1 row 2.
    public static func decide(_ command: Command, _ state: State) throws(Failure) -> [Event] {
        switch (command, state) {
        case (.register(let id), .initial): [.created(id)]
        case (.register(let id), .registered): throw .alreadyRegistered(id)
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        switch (state, event) {
        case (.initial, .created(let id)): .registered(id)
        case (.registered, .created): state
        }
    }
}
