import ConsoleUI
import Foundation

/// Wraps a terminal and measures `present` (grid → ncurses → doupdate) per frame; enabled with
/// `BW_FRAME_STATS=1`, reported on stderr after the screen is restored.
final class TimedTerminal: TerminalDevice {
    let inner: any TerminalDevice
    private(set) var samples: [Double] = []
    private let clock = ContinuousClock()

    init(_ inner: any TerminalDevice) { self.inner = inner }

    var size: TerminalSize { inner.size }
    var unicode: Bool { inner.unicode }
    var widths: DisplayWidth { inner.widths }
    func readKey(timeoutMs: Int) -> KeyEvent? { inner.readKey(timeoutMs: timeoutMs) }

    func present(_ grid: ScreenGrid, theme: Theme) {
        let d = clock.measure { inner.present(grid, theme: theme) }
        samples.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
    }

    var report: String {
        guard !samples.isEmpty else { return "no frames" }
        let sorted = samples.sorted()
        let avg = samples.reduce(0, +) / Double(samples.count)
        return String(format: "present: %d frames, avg %.2f ms, median %.2f ms, max %.2f ms",
                      samples.count, avg, sorted[sorted.count / 2], sorted.last!)
    }
}
