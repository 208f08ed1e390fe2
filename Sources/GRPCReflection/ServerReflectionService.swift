import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf

/// gRPC server reflection (grpc.reflection.v1, and v1alpha for older clients such as Python's
/// grpcio-reflection): lets grpcurl, grpcui and other generic clients list the services and
/// fetch their descriptors, so they can call the API without its .proto files.
///
/// The two protocol versions have identical messages, so one handler serves both names.
public struct ServerReflectionService: RegistrableRPCService {
    package typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
    package typealias Response = Grpc_Reflection_V1_ServerReflectionResponse

    /// The fully-qualified names of the reflection service itself, under both versions.
    public static let serviceNames = [
        "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
    ]

    private let index: ReflectionIndex
    private let listedServices: [String]

    /// `services` are what list_services answers: the services this server serves (reflection
    /// itself is added). Each must be described by `index`, or a client could not call it.
    public init(index: ReflectionIndex, services: [String]) throws(ReflectionServiceError) {
        let described = Set(index.serviceNames)
        let listed = Array(Set(services + Self.serviceNames)).sorted()
        if let undescribed = listed.first(where: { !described.contains($0) }) { throw .undescribed(undescribed) }
        self.index = index
        self.listedServices = listed
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        for service in Self.serviceNames {
            router.registerHandler(
                forMethod: MethodDescriptor(fullyQualifiedService: service, method: "ServerReflectionInfo"),
                deserializer: ProtobufDeserializer<Request>(),
                serializer: ProtobufSerializer<Response>(),
                handler: { request, _ in
                    StreamingServerResponse(of: Response.self) { writer in
                        for try await message in request.messages { try await writer.write(answer(message)) }
                        return [:]
                    }
                })
        }
    }

    /// One response per request, as the protocol requires; a request it cannot satisfy gets an
    /// error_response on the stream rather than ending the stream.
    package func answer(_ request: Request) -> Response {
        var response = Response()
        response.validHost = request.host
        response.originalRequest = request
        switch request.messageRequest {
        case .fileByFilename(let name):
            response.messageResponse = files(index.fileWithDependencies(named: name), notFound: "file \(name)")
        case .fileContainingSymbol(let symbol):
            response.messageResponse = files(
                index.fileWithDependencies(containingSymbol: symbol), notFound: "symbol \(symbol)")
        case .fileContainingExtension(let request):
            response.messageResponse = error(
                .notFound, "no extension \(request.extensionNumber) of \(request.containingType)")
        case .allExtensionNumbersOfType(let type):
            // No served message declares an extension range, so every known type has none.
            if index.fileWithDependencies(containingSymbol: type) != nil {
                var numbers = Grpc_Reflection_V1_ExtensionNumberResponse()
                numbers.baseTypeName = type
                response.messageResponse = .allExtensionNumbersResponse(numbers)
            } else {
                response.messageResponse = error(.notFound, "unknown type \(type)")
            }
        case .listServices:
            var list = Grpc_Reflection_V1_ListServiceResponse()
            list.service = listedServices.map { name in
                var service = Grpc_Reflection_V1_ServiceResponse()
                service.name = name
                return service
            }
            response.messageResponse = .listServicesResponse(list)
        case nil:
            response.messageResponse = error(.invalidArgument, "the request names no message_request")
        }
        return response
    }

    private func files(_ files: [Data]?, notFound: String) -> Response.OneOf_MessageResponse {
        guard let files else { return error(.notFound, "unknown \(notFound)") }
        var descriptors = Grpc_Reflection_V1_FileDescriptorResponse()
        descriptors.fileDescriptorProto = files
        return .fileDescriptorResponse(descriptors)
    }

    private func error(_ code: RPCError.Code, _ message: String) -> Response.OneOf_MessageResponse {
        var error = Grpc_Reflection_V1_ErrorResponse()
        error.errorCode = Int32(code.rawValue)
        error.errorMessage = message
        return .errorResponse(error)
    }
}
