/// Where the bench learns of the service's events: `BusEventFeed` consumes `financing.events`,
/// `StoreEventFeed` reads the event store's published rows and leaves the broker alone.
protocol EventFeed: Sendable {
    /// Events learned of so far; more than zero means the feed is live.
    var receivedCount: Int { get }
    /// Feeds the recipients until the task is cancelled.
    func run() async
}
