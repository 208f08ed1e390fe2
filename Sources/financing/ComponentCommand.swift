import ArgumentParser
import FinancingRuntime
import Logging

/// Which components a subcommand runs, and how it is described.
protocol ComponentSelection {
    static var name: String { get }
    static var abstract: String { get }
    static var components: Set<Component> { get }
}

/// A subcommand that runs some components until SIGTERM/SIGINT.
struct ComponentCommand<Selection: ComponentSelection>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Selection.name, abstract: Selection.abstract)
    }

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        FinancingApplication.bootstrapLogging(level: options.logLevel)
        let logger = Logger(label: "financing.\(Selection.name)")
        try await FinancingApplication.run(Selection.components, configuration: options.configuration(), logger: logger)
    }
}

enum CommandsComponent: ComponentSelection {
    static let name = "commands"
    static let abstract = "gRPC Commands on port 8080: validates, records and enqueues commands."
    static let components: Set<Component> = [.commands]
}

enum HandlerComponent: ComponentSelection {
    static let name = "handler"
    static let abstract = "Consumes commands and events; changes one aggregate per message in the event store."
    static let components: Set<Component> = [.handler]
}

enum RelayerComponent: ComponentSelection {
    static let name = "relayer"
    static let abstract = "Publishes committed events from the event store's outbox to Kafka."
    static let components: Set<Component> = [.relayer]
}

/// `financing projector [--rebuild]`: with --rebuild, replays the event store into fresh read
/// models first, then goes on projecting live.
struct ProjectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projector", abstract: "Consumes events and maintains the read models.")

    @OptionGroup var options: ConfigurationOptions
    @Flag(help: "Replay the event store into fresh read models before projecting live.")
    var rebuild = false
    @Flag(help: "With --rebuild: exit when the rebuild is done instead of projecting live.")
    var once = false

    func run() async throws {
        FinancingApplication.bootstrapLogging(level: options.logLevel)
        let logger = Logger(label: "financing.projector")
        if rebuild {
            try await FinancingApplication.rebuildReadModels(configuration: options.configuration(), logger: logger)
            if once { return }
        }
        try await FinancingApplication.run([.projector], configuration: options.configuration(), logger: logger)
    }
}

enum QueriesComponent: ComponentSelection {
    static let name = "queries"
    static let abstract = "gRPC Queries on port 8081, served from the read models."
    static let components: Set<Component> = [.queries]
}

enum HTTPComponent: ComponentSelection {
    static let name = "http"
    static let abstract =
        "HTTP/JSON API and web view on port 8082: the commands, the queries and the event store's streams."
    static let components: Set<Component> = [.http]
}

enum AllComponents: ComponentSelection {
    static let name = "all"
    static let abstract = "Every component in one process (the local default)."
    static let components = Set(Component.allCases)
}
