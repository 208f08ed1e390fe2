import CLibPQ

/// Reads a libpq connection string (URI or key=value form) with libpq's own parser, so nothing here re-implements
/// its quoting, percent-decoding or parameter rules.
enum PostgresConnectionString {
    /// The database the string connects to; libpq defaults it to the user name when none is given.
    static func databaseName(in connectionString: String) throws(PostgresError) -> String {
        let options = try parse(connectionString)
        guard let name = options["dbname"] ?? options["user"], !name.isEmpty else {
            throw PostgresError(code: .connectionFailed, message: "the connection string names no database or user")
        }
        return name
    }

    /// True for names safe to splice into SQL as an identifier: [a-z_][a-z0-9_]*.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first,
            first == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }

    /// The parameters `connectionString` sets itself (libpq's defaults not filled in).
    static func parameters(of connectionString: String) throws(PostgresError) -> [String: String] {
        try parse(connectionString)
    }

    private static func parse(_ connectionString: String) throws(PostgresError) -> [String: String] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "out of memory"
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError(code: .connectionFailed, message: "invalid connection string: \(message)")
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return values
    }
}
