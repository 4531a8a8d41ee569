import BounceCore
import Foundation

/// Keys while a mode is open. Text-entry modes (filter, note, typed confirmation) take printable
/// characters as text; everything else goes through the mode's bindings.
extension ConsoleReducer {
    func handleModeKey(_ state: inout ConsoleState, _ key: KeyEvent) -> [Effect] {
        guard let kind = state.mode.kind else { return [] }
        if case .char(let c) = key, takesText(state.mode) {
            return insert(c, &state)
        }
        guard let b = keyMap.binding(for: key, in: [.mode(kind)]) else { return [] }
        if b.mutating && state.isReadOnly {
            state.status = StatusLine("read-only: \(b.label) is disabled", isError: true)
            return []
        }
        switch state.mode {
        case .filter(var editor):
            switch b.command {
            case .applyFilter: state.mode = .normal
            case .clearFilter:
                state.mode = .normal
                return setQuery(&state) { $0.filter = "" }
            case .deleteBackward:
                editor.deleteBackward()
                state.mode = .filter(editor)
                return setQuery(&state) { $0.filter = editor.text }
            default: break
            }
        case .confirm(var c):
            switch b.command {
            case .cancel:
                state.mode = .normal
                state.status = StatusLine("cancelled")
            case .confirm where c.requiredText == nil:
                return confirmed(c, &state)
            case .submit:
                if let required = c.requiredText {
                    if c.input.text == required { return confirmed(c, &state) }
                    state.status = StatusLine("type \(required) exactly to confirm", isError: true)
                }
                // Enter alone never confirms a small destructive action (a stray Enter must not destroy anything).
            case .deleteBackward:
                c.input.deleteBackward()
                state.mode = .confirm(c)
            default: break
            }
        case .note(var draft):
            let kinds = TimelineKind.noteKinds
            let i = kinds.firstIndex(of: draft.kind)!
            switch b.command {
            case .nextKind: draft.kind = kinds[(i + 1) % kinds.count]; state.mode = .note(draft)
            case .prevKind: draft.kind = kinds[(i + kinds.count - 1) % kinds.count]; state.mode = .note(draft)
            case .deleteBackward: draft.editor.deleteBackward(); state.mode = .note(draft)
            case .cancel: state.mode = .normal
            case .submit:
                let text = draft.editor.text.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else {
                    state.status = StatusLine("empty note not saved", isError: true); return []
                }
                state.mode = .normal
                state.status = StatusLine("note (\(draft.kind.rawValue)) saved")
                return [.addNote(kind: draft.kind, text: text, incidentID: draft.incidentID)]
            default: break
            }
        case .detail:
            switch b.command {
            case .close: state.mode = .normal
            case .release, .suppress: askAddressAction(release: b.command == .release, state: &state)
            default: break
            }
        case .help(let scroll):
            switch b.command {
            case .close: state.mode = .normal
            case .down: state.mode = .help(scroll: scroll + 1)
            case .up: state.mode = .help(scroll: max(0, scroll - 1))
            default: break
            }
        case .escalation(var e):
            switch b.command {
            case .close: state.mode = .normal
            case .down: e.scroll += 1; state.mode = .escalation(e)
            case .up: e.scroll = max(0, e.scroll - 1); state.mode = .escalation(e)
            case .saveDraft:
                let dir = state.draftDirectory
                let path = dir.isEmpty || dir == "." ? e.fileName : (dir.hasSuffix("/") ? dir : dir + "/") + e.fileName
                state.status = StatusLine("saving draft to \(path)…")
                return [.saveEscalation(text: e.text, path: path)]
            case .logDraft:
                state.mode = .normal
                state.status = StatusLine("escalation logged as postmaster-contact note")
                return [.addNote(kind: .postmasterContact, text: e.text, incidentID: e.incidentID)]
            default: break
            }
        case .normal:
            break
        }
        return []
    }

    func takesText(_ mode: Mode) -> Bool {
        switch mode {
        case .filter, .note: true
        case .confirm(let c): c.requiredText != nil
        default: false
        }
    }

    func insert(_ c: Character, _ state: inout ConsoleState) -> [Effect] {
        switch state.mode {
        case .filter(var editor):
            editor.insert(c)
            state.mode = .filter(editor)
            return setQuery(&state) { $0.filter = editor.text }   // incremental, like htop's F4
        case .note(var draft):
            draft.editor.insert(c)
            state.mode = .note(draft)
        case .confirm(var conf):
            conf.input.insert(c)
            state.mode = .confirm(conf)
        default:
            break
        }
        return []
    }
}
