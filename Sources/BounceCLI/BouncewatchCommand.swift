import ArgumentParser
import BounceCore

/// The `bouncewatch` command tree (PRODUCT §7).
public struct BouncewatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bouncewatch",
        abstract: "Apple-aware bounce console for mail operators.",
        subcommands: []
    )
    public init() {}
}
