import Authentication
import Testing

/// SPEC §6's table, row by row, for every role, naming the caller's own id and another's.
@Suite("AccessPolicy: the authorization table of SPEC §6")
struct AccessPolicyTests {
    static let me = "6f1c2d4e-8a9b-4c3d-9e8f-0a1b2c3d4e5f"
    static let other = "0a1b2c3d-4e5f-4a6b-8c7d-9e8f0a1b2c3d"

    enum Ownership: CaseIterable {
        case own, others
        var id: String { self == .own ? AccessPolicyTests.me : AccessPolicyTests.other }
    }

    /// The table as SPEC §6 writes it: whether `role` may make the call when its id is `ownership`.
    static func expected(_ row: String, _ role: Role, _ ownership: Ownership) -> Bool {
        switch row {
        case "SellInvoice": role == .issuer && ownership == .own
        case "BidOnInvoice": role == .investor && ownership == .own
        case "ApproveFinancing", "ReverseFinancing", "AllInvestors", "AllIssuers": role == .operator
        case "GetCommandStatus": role == .operator || ownership == .own  // the command's submitter
        case "GetInvestor": role == .operator || (role == .investor && ownership == .own)
        case "eventStream": role == .operator || ownership == .own
        case "AllInvoices", "GetInvoice": true
        default: false
        }
    }

    static func call(_ row: String, _ id: String) -> ProtectedCall {
        switch row {
        case "SellInvoice": .sellInvoice(issuerID: id)
        case "BidOnInvoice": .bidOnInvoice(investorID: id)
        case "ApproveFinancing": .approveFinancing
        case "ReverseFinancing": .reverseFinancing
        case "GetCommandStatus": .getCommandStatus(submitter: id)
        case "GetInvestor": .getInvestor(investorID: id)
        case "AllInvestors": .allInvestors
        case "AllIssuers": .allIssuers
        case "eventStream": .eventStream(ownerID: id)
        case "AllInvoices": .allInvoices
        default: .getInvoice
        }
    }

    static let rows = [
        "SellInvoice", "BidOnInvoice", "ApproveFinancing", "ReverseFinancing", "GetCommandStatus", "GetInvestor",
        "AllInvestors", "AllIssuers", "eventStream", "AllInvoices", "GetInvoice",
    ]

    @Test("every row, role and ownership decides as the table says", arguments: rows, Role.allCases)
    func table(row: String, role: Role) {
        for ownership in Ownership.allCases {
            let caller = Caller(subject: Self.me, role: role)
            #expect(
                AccessPolicy.permits(caller, Self.call(row, ownership.id)) == Self.expected(row, role, ownership),
                "\(row) by \(role) for \(ownership)")
        }
    }

    @Test("the status of a command that does not exist is an operator's to ask about only", arguments: Role.allCases)
    func unknownCommand(role: Role) {
        #expect(
            AccessPolicy.permits(Caller(subject: Self.me, role: role), .getCommandStatus(submitter: nil))
                == (role == .operator))
    }

    @Test("a winning bid's investor shows to that investor, the invoice's issuer and operators only")
    func winningInvestor() {
        let cases: [(Caller, Bool)] = [
            (Caller(subject: Self.me, role: .investor), true), (Caller(subject: Self.other, role: .investor), false),
            (Caller(subject: "issuer-1", role: .issuer), true), (Caller(subject: Self.me, role: .issuer), false),
            (Caller(subject: Self.other, role: .operator), true),
        ]
        for (caller, shown) in cases {
            #expect(AccessPolicy.revealsWinningInvestor(to: caller, investorID: Self.me, issuerID: "issuer-1") == shown)
        }
    }
}
