import FinancingAPI
import Foundation
import GRPCCore
import SwiftProtobuf

/// The cases a run draws from: every category of bad input, for every RPC where it can occur.
/// Message-level cases spoil one field of an otherwise valid request, so the answer must name
/// that field; raw cases spoil the bytes, so the answer comes from the server's decoding.
enum Catalogue {
    static let invalidArgument: Set<RPCError.Code> = [.invalidArgument]

    static func make(controls: [ReuseControl], hostile: [HostileToken]) -> [FuzzCase] {
        commandCases() + queryCases() + transportCases() + reuseCases(controls) + authenticationCases(hostile)
    }

    /// A valid request of type `M` spoiled by `spoil`, which returns the variant's label.
    static func spoiled<M: SwiftProtobuf.Message>(
        _ endpoint: Endpoint, _ category: Category, _ name: String, field: String?,
        base: @escaping @Sendable (inout SeededGenerator, UUID) -> M,
        requestID: @escaping @Sendable (M) -> String,
        spoil: @escaping @Sendable (inout M, inout SeededGenerator) -> String
    ) -> FuzzCase {
        FuzzCase(endpoint: endpoint, category: category, name: name, expected: invalidArgument, field: field) { g in
            let id = g.uuid()
            var message = base(&g, id)
            let variant = spoil(&message, &g)
            return FuzzRequest(
                bytes: ValidRequest.wire(message), variant: variant, requestID: UUID(uuidString: requestID(message)))
        }
    }

    /// A valid request of type `M` with one field cleared and `append` writing it back wrongly.
    static func rawSpoiled<M: SwiftProtobuf.Message>(
        _ endpoint: Endpoint, _ category: Category, _ name: String, field: String?,
        base: @escaping @Sendable (inout SeededGenerator, UUID) -> M,
        requestID: @escaping @Sendable (M) -> String,
        clear: @escaping @Sendable (inout M) -> Void,
        append: @escaping @Sendable (inout ProtoWriter, inout SeededGenerator) -> String
    ) -> FuzzCase {
        FuzzCase(endpoint: endpoint, category: category, name: name, expected: invalidArgument, field: field) { g in
            let id = g.uuid()
            var message = base(&g, id)
            clear(&message)
            var writer = ProtoWriter(ValidRequest.wire(message))
            let variant = append(&writer, &g)
            return FuzzRequest(bytes: writer.bytes, variant: variant, requestID: UUID(uuidString: requestID(message)))
        }
    }

    /// Not a UUID, empty (unless the field is optional), and in upper case.
    static func idCases<M: SwiftProtobuf.Message>(
        _ endpoint: Endpoint, field: String, optional: Bool = false,
        base: @escaping @Sendable (inout SeededGenerator, UUID) -> M,
        requestID: @escaping @Sendable (M) -> String,
        set: @escaping @Sendable (inout M, String) -> Void
    ) -> [FuzzCase] {
        var cases = [
            spoiled(endpoint, .badUUID, "\(field) not a UUID", field: field, base: base, requestID: requestID) {
                message, g in
                let (text, label) = BadValues.uuid(&g)
                set(&message, text)
                return label
            },
            spoiled(endpoint, .upperCaseUUID, "\(field) upper-case", field: field, base: base, requestID: requestID) {
                message, g in
                let (text, label) = BadValues.upperCaseUUID(&g)
                set(&message, text)
                return label
            },
        ]
        if !optional {
            cases.append(
                spoiled(endpoint, .emptyUUID, "\(field) empty", field: field, base: base, requestID: requestID) {
                    message, _ in
                    set(&message, "")
                    return "empty"
                })
        }
        return cases
    }

    /// An empty request: every field missing (the first one checked is the one named).
    static func emptyMessage(_ endpoint: Endpoint, field: String) -> FuzzCase {
        FuzzCase(
            endpoint: endpoint, category: .missingField, name: "empty message", expected: invalidArgument,
            field: field
        ) { _ in FuzzRequest(bytes: [], variant: "0 bytes") }
    }

    /// A string field sent as a varint: the decoder skips it as unknown, so the field is missing.
    static func idAsVarint<M: SwiftProtobuf.Message>(
        _ endpoint: Endpoint, field: String, number: Int,
        base: @escaping @Sendable (inout SeededGenerator, UUID) -> M,
        requestID: @escaping @Sendable (M) -> String,
        clear: @escaping @Sendable (inout M) -> Void
    ) -> FuzzCase {
        rawSpoiled(
            endpoint, .unknownEnum, "\(field) with a varint wire type", field: field, base: base,
            requestID: requestID, clear: clear
        ) { writer, g in
            writer.varintField(number, UInt64.random(in: 0...UInt64.max, using: &g))
            return "varint"
        }
    }
}
