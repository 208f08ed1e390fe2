import CanonicalUUID
import Foundation
import Testing

@Suite("UUID's canonical text, parsed and printed without sscanf")
struct CanonicalUUIDTests {
    @Test("random UUIDs print as Foundation prints them, lower-cased, and parse back in either case")
    func roundTrip() {
        for _ in 0..<2_000 {
            let uuid = UUID()
            let text = uuid.canonicalText
            #expect(text == uuid.uuidString.lowercased())
            #expect(UUID(canonical: text) == uuid)
            #expect(UUID(canonical: uuid.uuidString) == uuid)
        }
    }

    @Test(
        "refuses anything but 36 characters of hex digits with dashes after the 8th, 12th, 16th and 20th digit",
        arguments: [
            "", "not a uuid", "0f4c7a2e-9b1d-4c3e-8a5f-6d7e8f9a0b1", "0f4c7a2e-9b1d-4c3e-8a5f-6d7e8f9a0b1c2",
            "0f4c7a2e9b1d-4c3e-8a5f-6d7e8f9a0b1c-", "0f4c7a2e-9b1d-4c3e-8a5f_6d7e8f9a0b1c",
            "0g4c7a2e-9b1d-4c3e-8a5f-6d7e8f9a0b1c", " 0f4c7a2e-9b1d-4c3e-8a5f-6d7e8f9a0b1",
            "{0f4c7a2e-9b1d-4c3e-8a5f-6d7e8f9a}", "0f4c7a2e-9b1d-4c3e-8a5f-6d7e8f9a0b1é",
            // Foundation's sscanf lets these three through.
            "0f4c7a2e-+b1d-4c3e-8a5f-6d7e8f9a0b1c", "0f4c7a2e-9b1d-4c3e-8a5f-6d7e8f9a0x1c",
            "0f4c7a2e-9b1d- c3e-8a5f-6d7e8f9a0b1c",
        ])
    func refusals(text: String) {
        #expect(UUID(canonical: text) == nil)
    }

    @Test("a single-character change is accepted exactly when it keeps the canonical shape, as Foundation reads it")
    func singleCharacterChanges() {
        let valid = Array("0f4c7a2e-9b1d-4c3e-8a5f-6d7e8f9a0b1c")
        let dashes: Set = [8, 13, 18, 23]
        for position in valid.indices {
            for replacement: Character in ["-", "0", "9", "a", "F", "g", "G", " ", "x", ":", "+"] {
                var changed = valid
                changed[position] = replacement
                let text = String(changed)
                let keepsShape = dashes.contains(position) ? replacement == "-" : replacement.isHexDigit
                #expect((UUID(canonical: text) != nil) == keepsShape, "\(text)")
                if keepsShape { #expect(UUID(canonical: text) == UUID(uuidString: text), "\(text)") }
            }
        }
    }
}
