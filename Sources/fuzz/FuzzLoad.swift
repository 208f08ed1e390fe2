import Logging

/// The malformed load: numbered requests sent by `concurrency` workers. Request number i is built
/// from the seed and i alone, so a run with the same seed sends the same requests.
struct FuzzLoad: Sendable {
    let cases: [FuzzCase]
    let caller: Caller
    let tally: Tally
    let seed: UInt64
    let concurrency: Int
    let logger: Logger
    /// Requests to send, probes included: as many as it takes to send the malformed count asked.
    let indexLimit: Int
    private let picker: CasePicker

    init(
        cases: [FuzzCase], caller: Caller, tally: Tally, seed: UInt64, malformed: Int, concurrency: Int,
        logger: Logger
    ) {
        self.cases = cases
        self.caller = caller
        self.tally = tally
        self.seed = seed
        self.concurrency = concurrency
        self.logger = logger
        picker = CasePicker(cases)
        // The case of request i is the first draw of its generator: counted ahead, it tells
        // how many requests carry `malformed` non-probe ones.
        var index = 0
        var counted = 0
        while counted < malformed {
            var g = SeededGenerator(seed: seed, index: index)
            if !cases[picker.pick(&g)].isProbe { counted += 1 }
            index += 1
        }
        indexLimit = index
    }

    func run() async {
        let next = RequestCounter()
        let (count, picker) = (indexLimit, picker)
        await withDiscardingTaskGroup { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while !Task.isCancelled {
                        let index = next.take()
                        guard index < count else { return }
                        await send(index, picker)
                    }
                }
            }
        }
    }

    private func send(_ index: Int, _ picker: CasePicker) async {
        var g = SeededGenerator(seed: seed, index: index)
        let caseIndex = picker.pick(&g)
        let fuzzCase = cases[caseIndex]
        let request = fuzzCase.build(&g)
        let start = ContinuousClock.now
        let outcome = await caller.call(
            fuzzCase.endpoint, request, mode: fuzzCase.mode, resets: fuzzCase.endsInReset, &g)
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        tally.record(index: index, caseIndex: caseIndex, fuzzCase, request, outcome, micros: micros)
        if outcome.otherError != nil || (outcome.isOK && !fuzzCase.isProbe) {
            logger.warning(
                "a malformed request was not refused",
                metadata: [
                    "index": "\(index)", "case": "\(fuzzCase.label)", "variant": "\(request.variant)",
                    "status": "\(outcome.statusName)",
                ])
        }
    }
}
