/// Why an edge refuses a call before doing anything: no proven caller, or one SPEC §6's table
/// does not allow. Neither says more: a refusal must not reveal what exists.
public enum AccessRefusal: Error, Equatable {
    case unauthenticated
    case permissionDenied
}
