/// The options the run used, as recorded in the JSON.
struct RunConfiguration: Codable, Sendable {
    let startedAt: String
    let clients: Int
    /// 0: unbounded (clients wait only for the listener's answers).
    let maxPending: Int
    /// Commands per second of an open-loop run; 0: closed loop.
    let rate: Int
    let durationS: Int
    let drainTimeoutS: Int
    let mix: String
    let investors: Int
    let poorInvestors: Int
    let issuers: Int
    let presoldInvoices: Int
    let servicePoolSize: Int
    let commands: String
    let queries: String
    let kafkaBrokers: String
    let eventStoreDatabase: String
    let readModelDatabase: String
    /// `store` or `bus`: where the bench learned of events (`EventFeed`).
    let eventSource: String
    /// Messages per second of `BrokerAckProbe`; 0: none sent.
    let ackProbeRate: Int
}
