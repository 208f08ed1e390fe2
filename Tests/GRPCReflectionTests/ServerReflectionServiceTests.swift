import FinancingAPI
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import GRPCReflection
import SwiftProtobuf
import Testing

/// Server reflection served on a loopback port and asked over HTTP/2, as grpcurl asks it.
@Suite("ServerReflectionService over gRPC")
struct ServerReflectionServiceTests {
    typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
    typealias Response = Grpc_Reflection_V1_ServerReflectionResponse

    static let served = ["financing.v1.Commands", "grpc.health.v1.Health"]

    static func service() throws -> ServerReflectionService {
        try ServerReflectionService(index: ReflectionIndexTests.index(), services: served)
    }

    /// Serves reflection on a free port, sends `requests` on one stream of `method`, returns the
    /// responses in order.
    static func exchange(_ requests: [Request], method: MethodDescriptor) async throws -> [Response] {
        let server = GRPCServer(
            transport: .http2NIOPosix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext),
            services: [try service()])
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            defer { server.beginGracefulShutdown() }
            let port = try #require(try await server.listeningAddress?.ipv4?.port)
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
            return try await withGRPCClient(transport: transport) { client in
                try await client.bidirectionalStreaming(
                    request: StreamingClientRequest(of: Request.self) { writer in
                        try await writer.write(contentsOf: requests)
                    },
                    descriptor: method, serializer: ProtobufSerializer<Request>(),
                    deserializer: ProtobufDeserializer<Response>(), options: .defaults
                ) { response in
                    var answers: [Response] = []
                    for try await answer in response.messages { answers.append(answer) }
                    return answers
                }
            }
        }
    }

    static func request(_ message: Request.OneOf_MessageRequest) -> Request {
        var request = Request()
        request.host = "localhost"
        request.messageRequest = message
        return request
    }

    static func method(_ version: String) -> MethodDescriptor {
        MethodDescriptor(
            fullyQualifiedService: "grpc.reflection.\(version).ServerReflection", method: "ServerReflectionInfo")
    }

    @Test("one response per request, in order, under both protocol names", arguments: ["v1", "v1alpha"])
    func answersInOrder(version: String) async throws {
        let requests = [
            Self.request(.listServices("")),
            Self.request(.fileContainingSymbol("financing.v1.Commands.SellInvoice")),
            Self.request(.fileByFilename("financing/v1/common.proto")),
            Self.request(.fileContainingSymbol("financing.v1.Nothing")),
        ]
        let answers = try await Self.exchange(requests, method: Self.method(version))
        try #require(answers.count == requests.count)
        #expect(answers.map(\.originalRequest) == requests)
        #expect(answers.allSatisfy { $0.validHost == "localhost" })

        guard case .listServicesResponse(let list) = answers[0].messageResponse else {
            Issue.record("list_services got \(String(describing: answers[0].messageResponse))")
            return
        }
        #expect(list.service.map(\.name) == (Self.served + ServerReflectionService.serviceNames).sorted())

        guard case .fileDescriptorResponse(let files) = answers[1].messageResponse else {
            Issue.record("file_containing_symbol got \(String(describing: answers[1].messageResponse))")
            return
        }
        let names = try files.fileDescriptorProto.map {
            try Google_Protobuf_FileDescriptorProto(serializedBytes: $0).name
        }
        #expect(names == ["financing/v1/commands.proto", "financing/v1/common.proto"])

        guard case .fileDescriptorResponse(let common) = answers[2].messageResponse else {
            Issue.record("file_by_filename got \(String(describing: answers[2].messageResponse))")
            return
        }
        #expect(common.fileDescriptorProto.count == 1)

        guard case .errorResponse(let error) = answers[3].messageResponse else {
            Issue.record("an unknown symbol got \(String(describing: answers[3].messageResponse))")
            return
        }
        #expect(error.errorCode == Int32(RPCError.Code.notFound.rawValue))
    }

    @Test("a request that asks nothing, or for an extension, gets an error response and the stream goes on")
    func errorsKeepTheStream() throws {
        let service = try Self.service()
        let empty = service.answer(Request())
        let extensionRequest = service.answer(Self.request(.fileContainingExtension(.init())))
        let numbers = service.answer(Self.request(.allExtensionNumbersOfType("financing.v1.Money")))
        guard case .errorResponse(let invalid) = empty.messageResponse,
            case .errorResponse(let missing) = extensionRequest.messageResponse,
            case .allExtensionNumbersResponse(let none) = numbers.messageResponse
        else {
            Issue.record("unexpected answers: \(empty), \(extensionRequest), \(numbers)")
            return
        }
        #expect(invalid.errorCode == Int32(RPCError.Code.invalidArgument.rawValue))
        #expect(missing.errorCode == Int32(RPCError.Code.notFound.rawValue))
        #expect(none.baseTypeName == "financing.v1.Money" && none.extensionNumber.isEmpty)
    }

    @Test("listing a service the descriptors do not describe is refused at start")
    func undescribedService() throws {
        let index = try ReflectionIndexTests.index()
        #expect(throws: ReflectionServiceError.undescribed("financing.v1.Nothing")) {
            try ServerReflectionService(index: index, services: ["financing.v1.Nothing"])
        }
    }
}
