import FinancingAPI
import Foundation
import GRPCCore
import GRPCReflection
import SwiftProtobuf
import Testing

/// The committed descriptor set (scripts/generate-api) against the generated code it must
/// describe, and the index's lookups.
@Suite("ReflectionIndex over the committed descriptor set")
struct ReflectionIndexTests {
    static func index() throws -> ReflectionIndex {
        try ReflectionIndex(base64FileDescriptorSet: FinancingFileDescriptors.base64FileDescriptorSet)
    }

    static func decode(_ data: Data) throws -> Google_Protobuf_FileDescriptorProto {
        try Google_Protobuf_FileDescriptorProto(serializedBytes: data)
    }

    @Test("describes every served service, both reflection versions included")
    func services() throws {
        #expect(
            try Self.index().serviceNames == [
                "financing.v1.Commands", "financing.v1.Queries", "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
            ])
    }

    @Test(
        "each generated service's methods are exactly those its descriptor lists (the set is not stale)",
        arguments: [
            (Financing_V1_Commands.descriptor, Financing_V1_Commands.Method.descriptors),
            (Financing_V1_Queries.descriptor, Financing_V1_Queries.Method.descriptors),
            (Grpc_Health_V1_Health.descriptor, Grpc_Health_V1_Health.Method.descriptors),
        ])
    func inSyncWithGeneratedCode(service: ServiceDescriptor, methods: [MethodDescriptor]) throws {
        let files = try #require(try Self.index().fileWithDependencies(containingSymbol: service.fullyQualifiedService))
        let file = try Self.decode(try #require(files.first))
        let described = try #require(
            file.service.first { "\(file.package).\($0.name)" == service.fullyQualifiedService })
        #expect(Set(described.method.map(\.name)) == Set(methods.map(\.method)))
        for method in methods {
            #expect(
                try Self.index().fileWithDependencies(
                    containingSymbol: "\(service.fullyQualifiedService).\(method.method)") != nil)
        }
    }

    @Test("a symbol's file comes first, then every file it imports, each once")
    func dependenciesFollow() throws {
        let files = try #require(try Self.index().fileWithDependencies(containingSymbol: "financing.v1.Commands"))
        let names = try files.map { try Self.decode($0).name }
        #expect(names == ["financing/v1/commands.proto", "financing/v1/common.proto"])
        let byName = try #require(try Self.index().fileWithDependencies(named: "financing/v1/commands.proto"))
        #expect(byName == files)
    }

    @Test(
        "finds messages, fields, nested types and enums, with or without a leading dot",
        arguments: [
            "financing.v1.SellInvoiceRequest", ".financing.v1.SellInvoiceRequest",
            "financing.v1.SellInvoiceRequest.issuer_id", "financing.v1.CommandStatus.State", "financing.v1.Money",
            "grpc.health.v1.HealthCheckResponse.ServingStatus", "financing.v1.InvoiceStatus",
        ])
    func findsSymbols(symbol: String) throws {
        #expect(try Self.index().fileWithDependencies(containingSymbol: symbol) != nil)
    }

    @Test("unknown names find nothing", arguments: ["financing.v1.Nothing", "financing", "", "financing.v1.Commands."])
    func unknownSymbols(symbol: String) throws {
        #expect(try Self.index().fileWithDependencies(containingSymbol: symbol) == nil)
        #expect(try Self.index().fileWithDependencies(named: symbol) == nil)
    }

    @Test("a set that lacks an imported file is refused")
    func missingDependency() throws {
        let bytes = try #require(
            Data(base64Encoded: FinancingFileDescriptors.base64FileDescriptorSet, options: .ignoreUnknownCharacters))
        var set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
        set.file.removeAll { $0.name == "financing/v1/common.proto" }
        #expect(
            throws: ReflectionIndexError.missingDependency(
                file: "financing/v1/commands.proto", dependency: "financing/v1/common.proto")
        ) {
            try ReflectionIndex(fileDescriptorSet: set)
        }
    }

    @Test("bytes that are no descriptor set are refused")
    func undecodable() {
        #expect(throws: ReflectionIndexError.undecodable) { try ReflectionIndex(base64FileDescriptorSet: "AAAA") }
    }
}
