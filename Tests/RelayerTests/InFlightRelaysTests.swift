import EventSourcing
import Foundation
import Testing

@testable import Relayer

@Suite("InFlightRelays: what a relay may carry while others are in flight")
struct InFlightRelaysTests {
    private static let a = StreamID(aggregateType: "Investor", id: UUID())
    private static let b = StreamID(aggregateType: "Invoice", id: UUID())
    private static let c = StreamID(aggregateType: "Issuer", id: UUID())

    private static func event(_ position: Int64, _ stream: StreamID, _ version: Int) -> RecordedEvent {
        RecordedEvent(
            position: position, eventID: UUID(), stream: stream, version: version, type: "Thing", payload: [])
    }

    @Test("with nothing in flight, every event read may go, in its order")
    func emptyLetsAllThrough() {
        let read = [Self.event(1, Self.a, 1), Self.event(2, Self.b, 1), Self.event(3, Self.a, 2)]
        let inFlight = InFlightRelays()
        #expect(inFlight.isEmpty)
        #expect(inFlight.publishable(read) == read)
    }

    @Test("an aggregate in flight holds back all its events, later versions included; others go in order")
    func aggregateInFlightWaits() {
        var inFlight = InFlightRelays()
        inFlight.add([Self.event(1, Self.a, 1), Self.event(2, Self.a, 2)])
        let read = [
            Self.event(3, Self.b, 1), Self.event(4, Self.a, 3), Self.event(5, Self.c, 1), Self.event(6, Self.a, 4),
            Self.event(7, Self.b, 2),
        ]
        #expect(inFlight.publishable(read).map(\.position) == [3, 5, 7])
        #expect(inFlight.positions == [1, 2])
        #expect(inFlight.count == 1)
    }

    @Test("a position in flight is never published twice, even if a read returns it")
    func positionsInFlightAreLeftOut() {
        var inFlight = InFlightRelays()
        inFlight.add([Self.event(1, Self.a, 1)])
        #expect(inFlight.publishable([Self.event(1, Self.a, 1), Self.event(2, Self.b, 1)]).map(\.position) == [2])
    }

    @Test("once a relay is marked, its aggregate's next versions may go; other relays still hold theirs")
    func removingFreesOnlyThatRelay() {
        var inFlight = InFlightRelays()
        let first = [Self.event(1, Self.a, 1)]
        let second = [Self.event(2, Self.b, 1), Self.event(3, Self.c, 1)]
        inFlight.add(first)
        inFlight.add(second)
        #expect(inFlight.count == 2)
        inFlight.remove(first)
        let read = [Self.event(4, Self.a, 2), Self.event(5, Self.b, 2), Self.event(6, Self.c, 2)]
        #expect(inFlight.publishable(read).map(\.position) == [4])
        #expect(inFlight.positions == [2, 3])
        inFlight.remove(second)
        #expect(inFlight.isEmpty)
        #expect(inFlight.publishable(read) == read)
    }
}
