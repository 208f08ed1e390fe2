import EventSourcing

/// The relays sent to the broker and not yet marked published: what the next read must leave alone.
///
/// A relay may go out while an earlier one awaits its acknowledgement, but never with an event of an
/// aggregate that a relay in flight carries. If the earlier relay then failed after the later one was
/// acknowledged, that aggregate's later version would reach the bus before its earlier one, and the
/// retry would publish them out of order. Aggregates are disjoint across relays, so this holds whatever
/// order the acknowledgements come back in.
struct InFlightRelays {
    private(set) var positions: Set<Int64> = []
    private var streams: Set<StreamID> = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The events of `read` that may go out now, in their order: those of aggregates that no relay in
    /// flight carries. An aggregate's held-back event holds back its later ones, which share its stream.
    func publishable(_ read: [RecordedEvent]) -> [RecordedEvent] {
        read.filter { !streams.contains($0.stream) && !positions.contains($0.position) }
    }

    mutating func add(_ relay: [RecordedEvent]) {
        precondition(publishable(relay).count == relay.count, "a relay overlaps one in flight")
        for event in relay {
            positions.insert(event.position)
            streams.insert(event.stream)
        }
        count += 1
    }

    mutating func remove(_ relay: [RecordedEvent]) {
        for event in relay {
            positions.remove(event.position)
            streams.remove(event.stream)
        }
        count -= 1
    }
}
