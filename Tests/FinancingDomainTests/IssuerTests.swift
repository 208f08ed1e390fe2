import FinancingDomain
import Testing

/// SPEC §1 row 2: `IssuerRegistered` creates the issuer, once.
@Suite("Issuer")
struct IssuerTests {
    let acme = Fixtures.acme

    @Test("registering a new issuer creates it")
    func registeringANewIssuerCreatesIt() {
        let state = Issuer.given().when(.register(id: acme)).then([.created(acme)])
        #expect(state == .registered(acme))
    }

    @Test("registering an issuer twice is refused")
    func registeringAnIssuerTwiceIsRefused() {
        Issuer.given([.created(acme)]).when(.register(id: acme)).thenFails(.alreadyRegistered(acme))
    }

    @Test("a replayed duplicate creation keeps the first issuer")
    func aReplayedDuplicateCreationKeepsTheFirstIssuer() {
        #expect(Issuer.replay([.created(acme), .created(Fixtures.globex)]) == .registered(acme))
    }

    @Test("the event and the aggregate carry their wire names")
    func theEventAndTheAggregateCarryTheirWireNames() {
        #expect(Issuer.Event.created(acme).name == "IssuerCreated")
        #expect(Issuer.aggregateType == "Issuer")
    }
}
