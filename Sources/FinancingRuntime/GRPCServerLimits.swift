import FinancingAPI
import GRPCNIOTransportHTTP2

/// SPEC §6's limits on both gRPC servers: the request size, the calls open on one connection,
/// and how long an idle connection stays.
package enum GRPCServerLimits {
    package static let transport = HTTP2ServerTransport.Posix.Config.defaults { config in
        config.rpc.maxRequestPayloadSize = APILimits.maximumRequestBytes
        config.http2.maxConcurrentStreams = APILimits.maximumConcurrentStreams
        config.connection.maxIdleTime = APILimits.maximumIdleTime
    }
}
