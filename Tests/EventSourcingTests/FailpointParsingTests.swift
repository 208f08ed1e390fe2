import Testing

@testable import EventSourcing

/// `FINANCING_FAILPOINTS` is how the chaos harness arms crashes; a spelling the parser reads
/// differently from what the harness meant would make a run test less than it claims.
@Suite("Failpoint specification")
struct FailpointParsingTests {
    @Test("unset or empty arms nothing")
    func unsetArmsNothing() {
        #expect(Failpoint.parse(nil).isEmpty)
        #expect(Failpoint.parse("").isEmpty)
    }

    @Test("name=N kills on the Nth hit")
    func killOnHit() {
        #expect(
            Failpoint.parse("handler.after-commit-before-ack=7") == ["handler.after-commit-before-ack": .kill(onHit: 7)]
        )
    }

    @Test("name=sleep:MS:EVERY holds every EVERYth hit for MS milliseconds")
    func sleepEvery() {
        #expect(
            Failpoint.parse("eventstore.before-commit=sleep:300:200") == [
                "eventstore.before-commit": .sleep(milliseconds: 300, every: 200)
            ])
    }

    @Test("several entries, with spaces, each armed")
    func severalEntries() {
        let armed = Failpoint.parse(" a=1 , b=sleep:5:2,c=30")
        #expect(armed == ["a": .kill(onHit: 1), "b": .sleep(milliseconds: 5, every: 2), "c": .kill(onHit: 30)])
    }

    @Test(
        "malformed entries arm nothing, and leave the well-formed ones armed",
        arguments: ["a", "a=", "a=0", "a=-3", "a=x", "a=sleep:0:2", "a=sleep:5:0", "a=sleep:5", "a=sleep:x:2", "=4"])
    func malformedEntries(entry: String) {
        #expect(Failpoint.parse("\(entry),ok=2") == ["ok": .kill(onHit: 2)])
    }

    @Test("a later entry for the same name wins")
    func laterEntryWins() {
        #expect(Failpoint.parse("a=1,a=9") == ["a": .kill(onHit: 9)])
    }
}
