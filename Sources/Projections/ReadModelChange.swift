import FinancingMessages

/// One message's change to the read models, as the projector hands it to the store.
public enum ReadModelChange: Sendable {
    /// A domain event at its aggregate version.
    case domainEvent(DomainEvent, version: Int)
    /// A name Registering announced.
    case registration(IntegrationEvent)
}
