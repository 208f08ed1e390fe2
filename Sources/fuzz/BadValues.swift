/// The malformed values the cases draw from. Each function returns the value and a short label
/// naming the variant, so a failure can be reproduced from the report.
enum BadValues {
    /// Strings that are not a canonical UUID, none of them empty or merely in the wrong case.
    static func uuid(_ g: inout SeededGenerator) -> (text: String, label: String) {
        let valid = g.uuidText()
        // Only the variant drawn is built: the 64 KiB one would otherwise cost every request.
        switch Int.random(in: 0..<20, using: &g) {
        case 0: return ("not-a-uuid", "words")
        case 1: return ("0", "0")
        case 2: return ("-1", "-1")
        case 3: return (valid.replacingOccurrences(of: "-", with: ""), "no dashes")
        case 4: return ("{\(valid)}", "braces")
        case 5: return ("urn:uuid:\(valid)", "urn prefix")
        case 6: return (valid + " ", "trailing space")
        case 7: return (" " + valid, "leading space")
        case 8: return (String(valid.dropLast()), "35 characters")
        case 9: return (valid + "0", "37 characters")
        case 10: return ("g" + valid.dropFirst(), "non-hex digit")
        case 11:
            let moved = String(valid.prefix(9)) + "-" + valid.dropFirst(9).replacingOccurrences(of: "-", with: "")
            return (moved, "dash moved")
        case 12: return (String(valid.prefix(18)) + "\u{0}" + valid.dropFirst(19), "NUL byte")
        case 13: return ("'; DROP TABLE events; --", "SQL")
        case 14: return (String(valid.map { $0.isNumber ? Character(fullwidth($0)) : $0 }), "full-width digits")
        case 15: return ("\u{1F9FE}" + valid.dropFirst(2), "emoji")
        case 16: return (valid + "\n", "newline")
        // Long, but under the 64 KiB request limit: the field check must name it.
        case 17: return (String(repeating: "a", count: 16_384), "16 KiB")
        case 18: return ("00000000-0000-0000-0000-00000000000", "short zeros")
        default: return (asciiJunk(&g), "printable junk")
        }
    }

    /// A canonical UUID in upper case, or with a single letter in upper case.
    static func upperCaseUUID(_ g: inout SeededGenerator) -> (text: String, label: String) {
        // Starting with a letter guarantees there is one to change.
        let valid = "a" + g.uuidText().dropFirst()
        if Bool.random(using: &g) { return (valid.uppercased(), "upper case") }
        return ("A" + valid.dropFirst(), "one letter upper case")
    }

    /// Byte sequences that are not UTF-8.
    static let invalidUTF8: [(bytes: [UInt8], label: String)] = [
        ([0xFF], "0xFF"),
        ([0x80], "lone continuation byte"),
        ([0xC0, 0xAF], "overlong '/'"),
        ([0xED, 0xA0, 0x80], "UTF-16 surrogate"),
        ([0xE2, 0x82], "truncated sequence"),
        ([0xF8, 0x88, 0x80, 0x80, 0x80], "5-byte sequence"),
        ([0xF4, 0x90, 0x80, 0x80], "above U+10FFFF"),
    ]

    /// A canonical UUID with an invalid UTF-8 sequence in the middle.
    static func invalidUTF8UUID(_ g: inout SeededGenerator) -> (bytes: [UInt8], label: String) {
        let valid = Array(g.uuidText().utf8)
        let (bad, label) = invalidUTF8.randomElement(using: &g)!
        let at = Int.random(in: 0...valid.count, using: &g)
        return (Array(valid[..<at]) + bad + Array(valid[at...]), label)
    }

    private static func fullwidth(_ digit: Character) -> String {
        String(UnicodeScalar(0xFF10 + (digit.wholeNumberValue ?? 0))!)
    }

    private static func asciiJunk(_ g: inout SeededGenerator) -> String {
        let count = Int.random(in: 1...80, using: &g)
        return String((0..<count).map { _ in Character(UnicodeScalar(UInt8.random(in: 33...126, using: &g))) })
    }
}
