/// The ceilings measured in the same run on the same servers.
struct Baselines: Codable, Sendable {
    let postgresAppend: [AppendBaselineResult]
    let kafkaProduce: [ProduceBaselineResult]
    let grpcRoundTrip: [RoundTripBaselineResult]
}
