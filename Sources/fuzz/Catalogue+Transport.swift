import FinancingAPI
import Foundation
import GRPCCore

extension Catalogue {
    /// The servers' largest request (SPEC §6): 64 KiB.
    static let serverMaximumMessageBytes = APILimits.maximumRequestBytes

    /// Probes are drawn less often than malformed cases: they are not what the run counts.
    static let probeWeight = 30

    /// One oversized field, built once: every oversized request shares it.
    static let oversizedField = ProtoWriter.lengthDelimitedField(
        15, [UInt8](repeating: UInt8(ascii: "x"), count: serverMaximumMessageBytes + 1_024))

    /// The byte-level and call-level cases, for every RPC of both services.
    static func transportCases() -> [FuzzCase] {
        Endpoint.allCases.flatMap { endpoint in
            [
                invalidUTF8(endpoint), truncated(endpoint), oversized(endpoint), garbage(endpoint),
                zeroDeadlineMalformed(endpoint), zeroDeadlineValid(endpoint), cancelledMalformed(endpoint),
                cancelledValid(endpoint),
            ]
        }
    }

    /// A valid request and then one string field again, holding invalid UTF-8 (proto3 strings
    /// must be UTF-8; the decoder refuses the request before the service sees it).
    private static func invalidUTF8(_ endpoint: Endpoint) -> FuzzCase {
        FuzzCase(endpoint: endpoint, category: .invalidUTF8, name: "string field not UTF-8", expected: invalidArgument)
        {
            g in
            let (valid, requestID) = ValidRequest.bytes(for: endpoint, &g)
            let field = endpoint.stringFields.randomElement(using: &g)!
            let (text, label) = BadValues.invalidUTF8UUID(&g)
            var writer = ProtoWriter(valid)
            writer.lengthDelimited(field.number, text)
            return FuzzRequest(bytes: writer.bytes, variant: "\(field.name): \(label)", requestID: requestID)
        }
    }

    /// A valid request whose last field is cut short somewhere after its tag.
    private static func truncated(_ endpoint: Endpoint) -> FuzzCase {
        FuzzCase(endpoint: endpoint, category: .truncated, name: "last field cut short", expected: invalidArgument) {
            g in
            let (valid, requestID) = ValidRequest.bytes(for: endpoint, &g)
            let field = endpoint.stringFields.randomElement(using: &g)!
            let last = ProtoWriter.lengthDelimitedField(field.number, Array(g.uuidText().utf8))
            // Cutting all of it would leave a complete (shorter) message.
            let cut = Int.random(in: 1..<last.count, using: &g)
            return FuzzRequest(
                bytes: valid + last.dropLast(cut), variant: "\(field.name) less \(cut) of \(last.count) bytes",
                requestID: requestID)
        }
    }

    /// More than the server accepts: it must refuse the message, not buffer it. grpc-swift's server
    /// answers RESOURCE_EXHAUSTED and resets the stream while the client still sends, so the client
    /// sees either that status or UNAVAILABLE (RST_STREAM) — both a refusal.
    private static func oversized(_ endpoint: Endpoint) -> FuzzCase {
        FuzzCase(
            endpoint: endpoint, category: .oversized, name: "over the 64 KiB limit", weight: 2,
            expected: [.resourceExhausted, .unavailable]
        ) { g in
            let (valid, requestID) = ValidRequest.bytes(for: endpoint, &g)
            return FuzzRequest(
                bytes: valid + oversizedField, variant: "\(valid.count + oversizedField.count) bytes",
                requestID: requestID)
        }
    }

    /// Random bytes behind a tag of wire type 6 or 7, which do not exist: never a valid message
    /// (plain random bytes could decode as unknown fields, an empty and valid list request).
    private static func garbage(_ endpoint: Endpoint) -> FuzzCase {
        FuzzCase(endpoint: endpoint, category: .garbage, name: "random bytes", expected: invalidArgument) { g in
            let tag = UInt8.random(in: 1...15, using: &g) << 3 | UInt8.random(in: 6...7, using: &g)
            let count = Int.random(in: 0...256, using: &g)
            let bytes = [tag] + (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
            return FuzzRequest(bytes: bytes, variant: "\(bytes.count) bytes")
        }
    }

    /// A malformed request with a deadline already over: out of time or refused, never OK (or
    /// UNAVAILABLE when the connection of such calls was closed for its many resets, see `Caller`).
    private static func zeroDeadlineMalformed(_ endpoint: Endpoint) -> FuzzCase {
        FuzzCase(
            endpoint: endpoint, category: .zeroDeadline, name: "malformed, timeout 0", mode: .zeroDeadline,
            expected: [.deadlineExceeded, .invalidArgument, .unavailable]
        ) { g in
            FuzzRequest(bytes: malformedRequest(endpoint, &g), variant: "timeout 0")
        }
    }

    /// A valid request with a deadline already over. grpc-swift does not stop such a call before
    /// sending it, so the server may answer first: any status is right; the command, if recorded,
    /// must not raise an event.
    private static func zeroDeadlineValid(_ endpoint: Endpoint) -> FuzzCase {
        FuzzCase(
            endpoint: endpoint, category: .zeroDeadline, name: "valid, timeout 0", weight: probeWeight,
            mode: .zeroDeadline, expected: [.deadlineExceeded], isProbe: true, mayBeRecorded: true
        ) { g in
            let (bytes, requestID) = ValidRequest.bytes(for: endpoint, &g)
            return FuzzRequest(bytes: bytes, variant: "timeout 0", requestID: requestID)
        }
    }

    /// A malformed request whose call is cancelled: refused or cancelled, never OK. Cancelling the
    /// calling task surfaces in grpc-swift's client as CANCELLED or, when the stream was already
    /// open, as UNAVAILABLE ("stream unexpectedly closed"): both are the client's own statuses.
    private static func cancelledMalformed(_ endpoint: Endpoint) -> FuzzCase {
        FuzzCase(
            endpoint: endpoint, category: .cancellation, name: "malformed, cancelled", mode: .cancel(maxMicros: 2_000),
            expected: [.cancelled, .unavailable, .invalidArgument]
        ) { g in
            FuzzRequest(bytes: malformedRequest(endpoint, &g), variant: "cancelled")
        }
    }

    /// A valid request cancelled mid-call: any answer is right (the call may finish first); the
    /// server must survive it, and the command, if recorded, must not raise an event.
    private static func cancelledValid(_ endpoint: Endpoint) -> FuzzCase {
        FuzzCase(
            endpoint: endpoint, category: .cancellation, name: "valid, cancelled mid-call", weight: probeWeight,
            mode: .cancel(maxMicros: 5_000), expected: [.cancelled], isProbe: true, mayBeRecorded: true
        ) { g in
            let (bytes, requestID) = ValidRequest.bytes(for: endpoint, &g)
            return FuzzRequest(bytes: bytes, variant: "cancelled", requestID: requestID)
        }
    }

    /// A request refused by its content: an empty one where a field is required, a negative page
    /// size for the lists (which need no field).
    private static func malformedRequest(_ endpoint: Endpoint, _ g: inout SeededGenerator) -> [UInt8] {
        switch endpoint {
        case .allInvestors, .allIssuers:
            var writer = ProtoWriter()
            writer.varintField(1, UInt64(bitPattern: Int64.random(in: -100...(-1), using: &g)))
            return writer.bytes
        case .allInvoices:
            var writer = ProtoWriter()
            writer.varintField(2, UInt64(bitPattern: Int64.random(in: -100...(-1), using: &g)))
            return writer.bytes
        default:
            return []
        }
    }
}
