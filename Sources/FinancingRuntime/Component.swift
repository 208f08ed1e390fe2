/// The deployable parts of the service (SPEC §2); `financing all` runs every one.
public enum Component: String, CaseIterable, Sendable {
    case commands, handler, relayer, projector, queries, http
}
