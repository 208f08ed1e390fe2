extension Caller {
    public static func investor(_ subject: String) -> Caller { Caller(subject: subject, role: .investor) }
    public static func issuer(_ subject: String) -> Caller { Caller(subject: subject, role: .issuer) }
    public static func `operator`(_ subject: String) -> Caller { Caller(subject: subject, role: .operator) }
}
