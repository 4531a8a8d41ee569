import ArgumentParser
import BounceCore

// The CLI's closed sets of values, parsed by argument-parser: `--help` lists the choices, shell
// completion offers them, and a wrong value is argument-parser's own usage error (exit 2).
//
// The core's enums conform here rather than in BounceCore, which stays free of ArgumentParser.
extension RetryState: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}
extension Scenario: ExpressibleByArgument {}

/// `queue list --state`: one retry state, or every state.
enum QueueStateFilter: String, CaseIterable, ExpressibleByArgument {
    case held, released, suppressed, expired, all

    /// The state to filter on; nil for `all`.
    var state: RetryState? { RetryState(rawValue: rawValue) }
}

/// `ingest --format`: a log format, or `auto` to detect it per file.
enum IngestFormat: String, CaseIterable, ExpressibleByArgument {
    case auto, postfix, exim, pmta, jsonl

    /// The format to force; nil for `auto`.
    var format: SourceFormat? { SourceFormat(rawValue: rawValue) }
}

/// `note --kind`: the timeline kinds an operator may write (the detector's own kinds are not).
struct NoteKindArgument: ExpressibleByArgument {
    let kind: TimelineKind

    init?(argument: String) {
        guard let k = TimelineKind(rawValue: argument), TimelineKind.noteKinds.contains(k) else { return nil }
        kind = k
    }

    init(_ kind: TimelineKind) { self.kind = kind }

    var defaultValueDescription: String { kind.rawValue }
    static var allValueStrings: [String] { TimelineKind.noteKinds.map(\.rawValue) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// `--theme`: a shipped theme, or the name of another `NAME.theme` file in the theme directories.
///
/// Only a plain name is accepted (letters, digits, `-`, `_`): the value becomes part of a file
/// name, so `../x` or an absolute path could otherwise read a file outside the theme directories.
struct ThemeName: ExpressibleByArgument {
    static let shipped = ["default", "light", "high-contrast", "mono"]
    let name: String

    init?(argument: String) {
        let allowed = argument.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        guard !argument.isEmpty, argument.count <= 64, allowed else { return nil }
        name = argument
    }

    static var allValueStrings: [String] { shipped }
    static var defaultCompletionKind: CompletionKind { .list(shipped) }
}
