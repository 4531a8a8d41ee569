import ArgumentParser
import BounceCore
import Foundation

/// `bouncewatch classify [--json] [TEXT...]` — exposes the classifier (README.md, "Reasons" and "Command line").
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify SMTP diagnostics: reason, scope, hard/soft (one result per input line).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "One JSON object per line: input, reason, scope, hard, status, code.")
    var json = false

    @Argument(help: "Diagnostic texts. Without any, one diagnostic per line is read from standard input.")
    var texts: [String] = []

    func run() throws {
        let classifier = BounceClassifier()
        let emit: (String) -> Void = { text in
            let v = classifier.classify(text)
            print(json ? ClassifyCommand.json(text, v).rendered : ClassifyCommand.text(text, v))
        }
        if !texts.isEmpty {
            texts.forEach(emit)
            return
        }
        while let line = readLine(strippingNewline: true) {
            let t = line.hasSuffix("\r") ? String(line.dropLast()) : line
            if t.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            emit(t)
        }
    }

    static func json(_ input: String, _ v: Verdict) -> JSON {
        .object([("input", .string(input)), ("reason", .string(v.reason.rawValue)), ("scope", .string(v.scope.rawValue)),
                 ("hard", .bool(v.hard)), ("status", .optional(v.status?.description)), ("code", .optional(v.code))])
    }

    static func text(_ input: String, _ v: Verdict) -> String {
        let status = v.status?.description ?? "-", code = v.code.map(String.init) ?? "-"
        return "\(v.reason.rawValue)\t\(v.scope.rawValue)\t\(v.hard ? "hard" : "soft")\t\(status)\t\(code)\t\(TextSanitizer.plain(input))"
    }
}
