/// One page of a list: its items under `key` and the token of the next page (null on the last).
struct PageJSON<Item: Encodable>: Encodable {
    let key: String
    let items: [Item]
    let nextPageToken: String

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(items, forKey: Key(stringValue: key))
        try container.encode(nextPageToken.isEmpty ? nil : nextPageToken, forKey: Key(stringValue: "next_page_token"))
    }
}
