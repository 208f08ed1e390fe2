import EventSourcing
import Foundation
import Testing

@Suite("KnownStreams: an existing stream is asked for once; a missing one every time")
struct KnownStreamsTests {
    private func stream(_ type: String = "Invoice") -> StreamID { StreamID(aggregateType: type, id: UUID()) }

    @Test("a stream that exists is answered from memory after the first ask")
    func remembersExisting() async throws {
        let ledger = ExistenceLedger()
        let known = KnownStreams()
        let invoice = stream()
        ledger.create(invoice)
        for _ in 0..<3 { #expect(try await known.exists(invoice, in: ledger)) }
        #expect(ledger.asked(invoice) == 1)
        #expect(known.contains(invoice))
    }

    @Test("a missing stream is asked for every time, so its creation is seen at once")
    func neverRemembersMissing() async throws {
        let ledger = ExistenceLedger()
        let known = KnownStreams()
        let invoice = stream()
        #expect(try await known.exists(invoice, in: ledger) == false)
        #expect(try await known.exists(invoice, in: ledger) == false)
        ledger.create(invoice)
        #expect(try await known.exists(invoice, in: ledger))
        #expect(ledger.asked(invoice) == 3)
        #expect(try await known.exists(invoice, in: ledger))
        #expect(ledger.asked(invoice) == 3)
    }

    @Test("the same id under another aggregate type is another stream")
    func typeIsPartOfTheStream() async throws {
        let ledger = ExistenceLedger()
        let known = KnownStreams()
        let invoice = stream("Invoice")
        let issuer = StreamID(aggregateType: "Issuer", id: invoice.id)
        ledger.create(invoice)
        #expect(try await known.exists(invoice, in: ledger))
        #expect(try await known.exists(issuer, in: ledger) == false)
        #expect(ledger.asked(issuer) == 1)
    }

    @Test("a failed ask throws and remembers nothing")
    func failureRemembersNothing() async throws {
        let ledger = ExistenceLedger()
        let known = KnownStreams()
        let invoice = stream()
        ledger.create(invoice)
        ledger.failNextAsks(true)
        await #expect(throws: EventStoreError.self) { try await known.exists(invoice, in: ledger) }
        #expect(!known.contains(invoice))
        ledger.failNextAsks(false)
        #expect(try await known.exists(invoice, in: ledger))
        #expect(ledger.asked(invoice) == 2)
    }

    @Test("at capacity the memory starts over; a forgotten stream is asked for again")
    func boundedMemory() async throws {
        let ledger = ExistenceLedger()
        let known = KnownStreams(capacity: 3)
        let streams = (0..<4).map { _ in stream() }
        streams.forEach(ledger.create)
        for stream in streams.prefix(3) { _ = try await known.exists(stream, in: ledger) }
        #expect(known.count == 3)
        _ = try await known.exists(streams[3], in: ledger)
        #expect(known.count == 1)
        #expect(known.contains(streams[3]))
        #expect(try await known.exists(streams[0], in: ledger))
        #expect(ledger.asked(streams[0]) == 2)
        #expect(ledger.asked(streams[3]) == 1)
    }
}
