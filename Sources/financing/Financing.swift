import ArgumentParser
import FinancingRuntime
import Foundation

/// `financing`: one executable, a subcommand per component (SPEC §2).
@main
struct Financing: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "financing",
        abstract:
            "Event-sourced invoice financing: issuers sell invoices, investors bid, financings are approved or reversed.",
        subcommands: [
            ComponentCommand<CommandsComponent>.self, ComponentCommand<HandlerComponent>.self,
            ComponentCommand<RelayerComponent>.self, ProjectorCommand.self,
            ComponentCommand<QueriesComponent>.self, ComponentCommand<HTTPComponent>.self,
            ComponentCommand<AllComponents>.self, TokenCommand.self,
        ])
}
