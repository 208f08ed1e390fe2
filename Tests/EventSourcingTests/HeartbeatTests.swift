import EventSourcing
import Testing

@Suite("Heartbeat: a loop that stops turning, or holds work it never finishes, is reported")
struct HeartbeatTests {
    private static let patience = Duration.seconds(30)

    @Test("a loop that turns and finishes what it takes has no problem")
    func healthy() {
        let heartbeat = Heartbeat(name: "follower", patience: Self.patience)
        heartbeat.turned()
        heartbeat.took(3)
        heartbeat.finished(3)
        #expect(heartbeat.problem() == nil)
        // Idle for long is fine while it keeps turning: nothing is held.
        #expect(heartbeat.problem(now: .now + .seconds(5)) == nil)
    }

    @Test("not turning for longer than the patience is a problem naming the loop")
    func notTurning() throws {
        let heartbeat = Heartbeat(name: "projector", patience: Self.patience)
        let problem = try #require(heartbeat.problem(now: .now + .seconds(31)))
        #expect(problem.contains("projector"))
    }

    @Test("work held for longer than the patience is a problem, even while the loop turns")
    func heldWork() async throws {
        let heartbeat = Heartbeat(name: "policies", patience: .milliseconds(200))
        heartbeat.took(1)
        for _ in 0..<15 {
            heartbeat.turned()
            try await Task.sleep(for: .milliseconds(20))
        }
        heartbeat.turned()
        let problem = try #require(heartbeat.problem())
        #expect(problem.contains("policies holds 1 unfinished"), "\(problem)")
        heartbeat.finished(1)
        heartbeat.turned()
        #expect(heartbeat.problem() == nil)
    }
}
