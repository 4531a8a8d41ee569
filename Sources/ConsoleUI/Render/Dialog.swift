import BounceCore
import Foundation

/// Modal boxes: confirmation (count + scope, typed for bulk), the note editor and the
/// escalation draft.
enum Dialog {
    static func frame(into grid: inout ScreenGrid, rect: Rect, title: String, hint: String) {
        grid.fill(rect, role: .dialog)
        grid.box(rect, role: .borderFocused, title: title, titleRole: .titleFocused)
        let w = grid.widths.width(of: hint) + 2
        if rect.width > w + 4 {
            grid.put(" \(hint) ", row: rect.bottom - 1, col: rect.right - w - 2, role: .borderFocused)
        }
    }

    static func drawConfirm(into grid: inout ScreenGrid, layout: Layout, confirmation c: Confirmation) {
        let width = min(76, max(50, c.message.map { grid.widths.width(of: $0) }.max() ?? 0) + 6)
        let rect = layout.overlay(height: c.message.count + 6, width: width)
        let title: String
        switch c.operation {
        case .release: title = "Confirm release"
        case .suppress: title = "Confirm suppress"
        case .releaseIncident: title = "Confirm bulk release"
        }
        let hint = c.requiredText == nil ? "y confirm · n/Esc cancel" : "Enter confirm · Esc cancel"
        frame(into: &grid, rect: rect, title: title, hint: hint)
        let inner = rect.inner
        var y = inner.row + 1
        for (i, line) in c.message.enumerated() {
            grid.put(TextSanitizer.clean(line), row: y, col: inner.col + 2, role: i == 0 ? .alert : .dialog,
                     maxWidth: inner.width - 4)
            y += 1
        }
        y += 1
        if let required = c.requiredText {
            let x = grid.put("Type \(required) to confirm: ", row: y, col: inner.col + 2, role: .dialog, maxWidth: inner.width - 4)
            let field = Fmt.left(c.input.text + (grid.unicode ? "█" : "_"), max(required.count + 1, 8))
            grid.put(field, row: y, col: x, role: .input, maxWidth: inner.right - x)
        } else {
            grid.put("Press y to confirm, n or Esc to cancel.", row: y, col: inner.col + 2, role: .dialog, maxWidth: inner.width - 4)
        }
    }

    static func drawNote(into grid: inout ScreenGrid, layout: Layout, draft: NoteDraft) {
        let rect = layout.overlay(height: 8, width: 76)
        let target = draft.incidentID.map { "incident #\($0)" } ?? "no incident"
        frame(into: &grid, rect: rect, title: "Add note · \(target)", hint: "Enter save · Esc cancel")
        let inner = rect.inner
        grid.put("Kind: \(draft.kind.rawValue)   (Tab/↓ next, S-Tab/↑ previous)", row: inner.row, col: inner.col + 2,
                 role: .dialog, maxWidth: inner.width - 4)
        var x = inner.col + 1
        for k in TimelineKind.noteKinds {
            let on = k == draft.kind                        // brackets too, not only the highlight
            x = grid.put(on ? "[\(k.rawValue)]" : k.rawValue, row: inner.row + 1, col: x,
                         role: on ? .selected : .dim, maxWidth: inner.right - x) + 1
        }
        let y = inner.row + 3
        let cx = grid.put("> ", row: y, col: inner.col + 2, role: .dialog)
        // Show the tail of long notes so the cursor end stays visible.
        let room = inner.right - cx - 2
        var text = TextSanitizer.clean(draft.editor.text)
        while grid.widths.width(of: text) > room - 1, !text.isEmpty { text.removeFirst() }
        grid.fill(row: y, col: cx, width: room, role: .input)
        grid.put(text + (grid.unicode ? "█" : "_"), row: y, col: cx, role: .input, maxWidth: room)
    }

    static func drawEscalation(into grid: inout ScreenGrid, layout: Layout, escalation e: EscalationState) {
        let rect = layout.overlay(height: layout.rows - 2, width: 100)
        frame(into: &grid, rect: rect, title: "Escalation draft", hint: "s save · l log as note · j/k scroll · Esc close")
        let inner = rect.inner
        func wrapped(_ text: [Substring], role: StyleRole) -> [(String, StyleRole)] {
            text.flatMap { Wrap.lines(TextSanitizer.clean($0), width: inner.width - 2, widths: grid.widths).map { ($0, role) } }
        }
        // The mitigation follows the e-mail in the dim role: it is advice to the operator, not text for Apple.
        let lines = wrapped(e.text.split(separator: "\n", omittingEmptySubsequences: false), role: .dialog)
            + (e.mitigation.isEmpty ? [] : [("", .dialog)] + wrapped(e.mitigation.map { Substring($0) }, role: .dim))
        let start = min(e.scroll, max(0, lines.count - inner.height))
        for (i, (line, role)) in lines.dropFirst(start).prefix(inner.height).enumerated() {
            grid.put(line, row: inner.row + i, col: inner.col + 1, role: role, maxWidth: inner.width - 2)
        }
    }
}
