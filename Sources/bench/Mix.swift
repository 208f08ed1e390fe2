import Foundation

/// Relative weights of the command kinds the clients send.
struct Mix: Sendable, CustomStringConvertible {
    let weights: [(kind: CommandKind, weight: Int)]
    private let total: Int

    static let standard = Mix(weights: [
        (.sell, 20), (.financingBid, 30), (.losingBid, 10), (.poorBid, 10), (.approve, 15), (.reverse, 15),
    ])

    init(weights: [(kind: CommandKind, weight: Int)]) {
        self.weights = weights.filter { $0.weight > 0 }
        total = self.weights.reduce(0) { $0 + $1.weight }
    }

    /// Reads `kind=weight,…` (kinds as in `CommandKind`); kinds left out get weight 0.
    init?(parsing text: String) {
        var weights: [(kind: CommandKind, weight: Int)] = []
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let kind = CommandKind(rawValue: pair[0]), let weight = Int(pair[1]), weight >= 0
            else { return nil }
            weights.append((kind, weight))
        }
        self.init(weights: weights)
        guard total > 0 else { return nil }
    }

    func pick<G: RandomNumberGenerator>(using generator: inout G) -> CommandKind {
        var draw = Int.random(in: 0..<total, using: &generator)
        for entry in weights {
            if draw < entry.weight { return entry.kind }
            draw -= entry.weight
        }
        return weights[weights.count - 1].kind
    }

    var description: String {
        weights.map { "\($0.kind.rawValue)=\($0.weight)" }.joined(separator: ",")
    }
}
