import BounceCore
/// Work the reducer asks the app to do. Only the app runs effects (store writes, release command,
/// file writes); it answers with actions: `.snapshot` with fresh data, `.effectSucceeded` or
/// `.effectFailed` for the status bar. A failed effect is a message, never a crash.
public enum Effect: Sendable, Equatable {
    /// Release these held/suppressed addresses (operator confirmed).
    case releaseAddresses([String])
    /// Release every held address of the incident (operator typed the count).
    case releaseIncident(Int)
    /// Suppress these addresses.
    case suppressAddresses([String])
    /// Add an operator note to the timeline.
    case addNote(kind: TimelineKind, text: String, incidentID: Int?)
    /// Load this queue page and answer with a snapshot whose `queue.query` equals it
    /// (the `SnapshotRequest` handed to `perform` already carries this query).
    case loadQueue(QueueQuery)
    /// Load `QueueDetail` for this address into the next snapshot.
    case loadDetail(address: String)
    /// Write the escalation draft to `path`.
    case saveEscalation(text: String, path: String)
    /// Re-read everything now (F5 / ^L).
    case refresh
    /// Leave the console.
    case quit
}

/// Input to the reducer: key presses, terminal events and results of effects.
public enum Action: Sendable, Equatable {
    case key(KeyEvent)
    /// New terminal size (rows, cols).
    case resize(rows: Int, cols: Int)
    /// Fresh data from the app.
    case snapshot(ConsoleSnapshot)
    /// An effect worked; the message goes to the status bar (`released 2 addresses`).
    case effectSucceeded(String)
    /// An effect failed; the message goes to the status bar as an error.
    case effectFailed(String)
}
