import Pacing
import Testing

@Suite("Pacer: one evenly spaced schedule shared by all clients")
struct PacerTests {
    @Test("slots are spaced at the rate from the start, in the order they are taken")
    func slotsAreEvenlySpaced() {
        let start = ContinuousClock.now
        let pacer = Pacer(perSecond: 250, start: start)
        let slots = (0..<5).map { _ in pacer.takeSlot() }
        #expect(slots == (0..<5).map { start + .milliseconds(4) * $0 })
    }

    @Test("concurrent clients take every slot once, none twice")
    func concurrentClientsShareTheSchedule() async {
        let start = ContinuousClock.now
        let pacer = Pacer(perSecond: 1_000, start: start)
        let slots = await withTaskGroup(of: [ContinuousClock.Instant].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<50).map { _ in pacer.takeSlot() } }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(slots).count == 400)
        #expect(slots.sorted() == (0..<400).map { start + .milliseconds(1) * $0 })
    }

    @Test("a wait never returns before its slot's time")
    func waitsUntilTheSlot() async {
        let start = ContinuousClock.now
        let pacer = Pacer(perSecond: 500, start: start)
        for _ in 0..<10 { await pacer.waitForSlot() }
        // The tenth slot is at 18 ms: returning earlier would send faster than the rate.
        #expect(ContinuousClock.now >= start + .milliseconds(18))
    }
}
