import Authentication
import EventSourcing

extension CommandActor {
    /// The authenticated caller, as recorded with the command they submitted.
    init(_ caller: Caller) {
        self.init(subject: caller.subject, role: caller.role.rawValue)
    }
}
