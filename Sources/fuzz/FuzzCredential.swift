import Authentication

/// The `authorization` a fuzz request carries: most carry the run's operator's token (so the
/// format checks, which come first, are what answers); reused request_ids carry the party's own
/// (so the request_id check, which comes after authorization, is); the authentication cases carry
/// a header of their own making, or none.
enum FuzzCredential: Sendable {
    case anOperator
    case party(Authentication.Caller)
    /// The exact `authorization` value; nil sends none.
    case header(String?)
}
