/// Everything the bench learns from an event: the tracker (first event per command), the invoice
/// pool (invoices financed) and the projection watcher (what the read models must show).
struct SightingRecipients: Sendable {
    let tracker: CommandTracker
    let invoices: InvoicePool
    let watcher: ProjectionWatcher

    func take(_ sighting: EventSighting) {
        if let commandID = sighting.commandID { tracker.eventSeen(commandID: commandID, micros: sighting.atMicros) }
        watcher.expect(
            aggregateType: sighting.aggregateType, id: sighting.aggregateID, version: sighting.version,
            arrival: sighting.atMicros)
        if sighting.eventType == "InvoiceFinanced" { invoices.markFinanced(sighting.aggregateID) }
    }
}
