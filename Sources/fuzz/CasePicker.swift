/// Draws a case index with probability proportional to the case's weight.
struct CasePicker: Sendable {
    private let cumulative: [Int]

    init(_ cases: [FuzzCase]) {
        var total = 0
        cumulative = cases.map { fuzzCase in
            total += fuzzCase.weight
            return total
        }
    }

    func pick(_ g: inout SeededGenerator) -> Int {
        let target = Int.random(in: 0..<cumulative.last!, using: &g)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
