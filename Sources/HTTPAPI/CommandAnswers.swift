import FinancingAPI

/// 202 to a command: its id, and for a sale the new invoice's id.
struct CommandAcceptedJSON: Encodable {
    let commandID: String
    var invoiceID: String?

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id"
        case invoiceID = "invoice_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(commandID, forKey: .commandID)
        try container.encodeIfPresent(invoiceID, forKey: .invoiceID)
    }
}

/// `GET /v1/commands/{id}`: PENDING, SUCCEEDED or REJECTED, and the rule a rejection broke.
struct CommandStatusJSON: Encodable {
    let commandID: String
    let state: String
    let reason: String?

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id"
        case state, reason
    }

    init(_ status: Financing_V1_CommandStatus) {
        commandID = status.commandID
        switch status.state {
        case .succeeded: state = "SUCCEEDED"
        case .rejected: state = "REJECTED"
        default: state = "PENDING"
        }
        reason = status.state == .rejected ? status.reason : nil
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(commandID, forKey: .commandID)
        try container.encode(state, forKey: .state)
        try container.encode(reason, forKey: .reason)
    }
}
