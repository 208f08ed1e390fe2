// swift-tools-version: 6.1
import PackageDescription

// The folders tell the architecture: a pure domain at the centre, ports in EventSourcing,
// adapters around them (Postgres*, Kafka/Messaging, FinancingAPI), components on top, and one
// runtime that assembles them. Arrows point inward.
let package = Package(
    name: "Financing",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "financing", targets: ["financing"]),
        .executable(name: "populate", targets: ["populate"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // MARK: Pure domain and generic machinery
        .target(name: "CanonicalUUID"),
        .target(name: "Pacing"),
        .target(name: "FinancingDomain", dependencies: ["CanonicalUUID"]),
        .target(name: "EventSourcing", dependencies: ["CanonicalUUID", "FinancingDomain", log, lifecycle, metrics]),
        .target(
            name: "FinancingMessages",
            dependencies: ["CanonicalUUID", "FinancingDomain", "EventSourcing", "Authentication"]),

        // MARK: C libraries and their safe wrappers
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", "CanonicalUUID", log, .product(name: "NIOPosix", package: "swift-nio")]),
        .target(name: "Kafka", dependencies: ["CRdKafka", log]),

        // MARK: Adapters
        .target(name: "PostgresEventStore", dependencies: ["Postgres", "EventSourcing", "FinancingDomain", log]),
        .target(
            name: "PostgresReadModels",
            dependencies: ["Postgres", "Projections", "FinancingMessages", "FinancingDomain"]),
        .target(name: "Messaging", dependencies: ["Kafka", "EventSourcing", "FinancingMessages", log]),
        // Follows the event store by position without the broker (the bench's --event-source store).
        .target(name: "PositionTracking", dependencies: ["Postgres"]),
        .target(
            name: "FinancingAPI",
            dependencies: [
                "FinancingDomain", "Authentication",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // The HTTP/JSON edge (SPEC §7): Hummingbird routes onto the same use cases as the gRPC services.
        .target(
            name: "HTTPAPI",
            dependencies: [
                "CommandService", "QueryService", "FinancingAPI", "FinancingMessages", "EventSourcing",
                "Authentication",
                "CanonicalUUID", log, lifecycle, grpcCore, .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // gRPC server reflection (grpc.reflection.v1 and v1alpha), answered from a descriptor set.
        .target(
            name: "GRPCReflection",
            dependencies: [
                grpcCore, .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),

        // Bearer tokens (SPEC §6): Ed25519 JWTs signed and checked with jwt-kit.
        .target(
            name: "Authentication", dependencies: ["CanonicalUUID", .product(name: "JWTKit", package: "jwt-kit")]),

        // MARK: Components
        .target(
            name: "CommandService",
            dependencies: [
                "CanonicalUUID", "FinancingAPI", "EventSourcing", "FinancingMessages", "FinancingDomain",
                "Authentication",
                log, grpcCore, metrics,
            ]
        ),
        .target(
            name: "Handler",
            dependencies: [
                "EventSourcing", "FinancingMessages", "FinancingDomain", "Authentication", "CanonicalUUID", log,
                lifecycle, metrics,
            ]),
        .target(name: "Relayer", dependencies: ["EventSourcing", "FinancingMessages", log, lifecycle, metrics]),
        .target(
            name: "Projections",
            dependencies: [
                "CanonicalUUID", "EventSourcing", "FinancingMessages", "FinancingDomain", log, lifecycle, metrics,
            ]),
        .target(name: "QueryService", dependencies: ["FinancingAPI", "Projections", "Authentication", log, grpcCore]),

        // MARK: Assembly
        .target(
            name: "FinancingRuntime",
            dependencies: [
                "CommandService", "Handler", "Relayer", "Projections", "QueryService", "HTTPAPI",
                "PostgresEventStore", "PostgresReadModels", "Messaging", "Postgres", "Kafka", "FinancingAPI",
                "GRPCReflection", "Authentication", log, lifecycle, grpcCore,
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                metrics, .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "financing",
            dependencies: [
                "FinancingRuntime", "Authentication", "CanonicalUUID",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "populate",
            dependencies: [
                "Messaging", "FinancingMessages", "FinancingDomain", "Authentication", log,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "cmd-populate"
        ),
        .executableTarget(
            name: "chaos",
            dependencies: [
                "FinancingAPI", "FinancingMessages", "FinancingDomain", "EventSourcing", "Messaging", "Kafka",
                "Postgres", "Pacing", "Authentication",
                log, grpcCore, .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "fuzz",
            dependencies: [
                "FinancingAPI", "FinancingMessages", "FinancingDomain", "EventSourcing", "Messaging", "Kafka",
                "Postgres", "Authentication", log, grpcCore,
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "bench",
            dependencies: [
                "FinancingAPI", "Kafka", "Messaging", "FinancingMessages", "FinancingDomain", "EventSourcing",
                "Postgres", "Pacing", "PositionTracking", "Authentication", "FinancingRuntime",
                "PostgresEventStore", log, grpcCore,
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),

        // MARK: Tests
        .testTarget(
            name: "FinancingDomainTests",
            dependencies: ["FinancingDomain", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "EventSourcingTests", dependencies: ["EventSourcing", log]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"]),
        .testTarget(name: "CanonicalUUIDTests", dependencies: ["CanonicalUUID"]),
        .testTarget(name: "PacingTests", dependencies: ["Pacing"]),
        .testTarget(
            name: "PositionTrackingTests",
            dependencies: ["PositionTracking", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka"]),
        .testTarget(name: "RelayerTests", dependencies: ["Relayer", "EventSourcing"]),
        .testTarget(
            name: "AuthenticationTests",
            dependencies: [
                "Authentication", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: ["HTTPAPI", "FinancingAPI", grpcCore, .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(
            name: "GRPCReflectionTests",
            dependencies: [
                "GRPCReflection", "FinancingAPI", grpcCore,
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "FinancingRuntime", "PostgresEventStore", "Messaging", "Handler", "Relayer", "Projections",
                "FinancingAPI", "CommandService", "PositionTracking", "Authentication", grpcCore, metrics,
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ]
        ),
        .testTarget(
            name: "AcceptanceTests",
            dependencies: [
                "FinancingAPI", "Kafka", "Messaging", "Authentication", log, grpcCore,
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            ],
            path: "Acceptance"
        ),
    ]
)

var log: Target.Dependency { .product(name: "Logging", package: "swift-log") }
var lifecycle: Target.Dependency { .product(name: "ServiceLifecycle", package: "swift-service-lifecycle") }
var grpcCore: Target.Dependency { .product(name: "GRPCCore", package: "grpc-swift-2") }
var metrics: Target.Dependency { .product(name: "Metrics", package: "swift-metrics") }

// Negative controls of the chaos harness (scripts/chaos --controls): FINANCING_CHAOS_CONTROL=NAME builds a
// deliberately broken variant (CHAOS_CONTROL_NAME) in a scratch folder of its own. Unset, nothing changes.
if let control = Context.environment["FINANCING_CHAOS_CONTROL"], !control.isEmpty {
    let broken = ["EventSourcing", "Messaging", "PostgresEventStore", "Handler"]
    for target in package.targets where broken.contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [.define("CHAOS_CONTROL_\(control)")]
    }
}
