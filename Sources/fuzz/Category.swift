/// The kinds of bad input the issue asks for; every case of the catalogue belongs to one.
enum Category: String, CaseIterable, Sendable, Comparable {
    case badUUID = "bad UUID"
    case emptyUUID = "empty UUID"
    case upperCaseUUID = "upper-case UUID"
    case zero = "zero"
    case negative = "negative"
    case int64Extremes = "Int64.max/min"
    case overflow = "overflowing sum"
    case missingField = "missing field"
    case unknownEnum = "unknown enum / wire type"
    case invalidUTF8 = "invalid UTF-8"
    case truncated = "truncated message"
    case oversized = "oversized message"
    case garbage = "garbage bytes"
    case zeroDeadline = "zero deadline"
    case cancellation = "cancellation"
    case reusedRequestID = "request_id reused"
    case authentication = "authentication"

    static func < (lhs: Category, rhs: Category) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
