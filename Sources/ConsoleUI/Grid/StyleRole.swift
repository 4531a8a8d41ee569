/// Semantic style of a screen cell. Themes map roles to colours/attributes; panes never name colours.
///
/// Every role must appear in every `themes/*.theme` file (a test checks this).
public enum StyleRole: String, Sendable, Hashable, CaseIterable {
    case normal
    case dim
    case header
    case title
    case titleFocused = "title-focused"
    case border
    case borderFocused = "border-focused"
    case columnHeader = "column-header"
    case selected
    case tagged
    case alert
    case banner
    case warning
    case ok
    case chartBar = "chart-bar"
    case statusMessage = "status-message"
    case statusError = "status-error"
    case footerKey = "footer-key"
    case footerLabel = "footer-label"
    case dialog
    case input
}
