extension AccessPolicy {
    /// The caller the edge authenticated for the request being handled.
    public static func currentCaller() throws(AccessRefusal) -> Caller {
        guard let caller = Caller.current else { throw .unauthenticated }
        return caller
    }

    /// The current caller, if the table lets them make `call`.
    public static func authorize(_ call: ProtectedCall) throws(AccessRefusal) -> Caller {
        let caller = try currentCaller()
        guard permits(caller, call) else { throw .permissionDenied }
        return caller
    }
}
