extension Caller {
    /// The caller of the request being handled, set by the edge that authenticated it (the gRPC
    /// interceptor, the HTTP middleware) for the handler it calls; nil outside such a call.
    @TaskLocal public static var current: Caller?
}
