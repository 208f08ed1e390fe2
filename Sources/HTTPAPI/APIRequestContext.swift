import FinancingAPI
import Hummingbird

/// Every request's context: Hummingbird's basic one with SPEC §6's body limit (64 KiB, as on the
/// gRPC servers) instead of its 2 MiB default.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { APILimits.maximumRequestBytes }
}
