import Authentication
import GRPCCore

/// SPEC §6's table applied to a gRPC call: the answers both services give when it refuses.
public enum CallAuthorization {
    /// The authenticated caller of the current call.
    public static func caller() throws(RPCError) -> Caller {
        do { return try AccessPolicy.currentCaller() } catch { throw RPCError(error) }
    }

    /// The current caller, if they may make `call`; PERMISSION_DENIED (with no detail) if not.
    public static func caller(for call: ProtectedCall) throws(RPCError) -> Caller {
        do { return try AccessPolicy.authorize(call) } catch { throw RPCError(error) }
    }
}
