import CardPrepStages
import Foundation
import Glibc

/// The progress line on standard error, shown only when it is a terminal (never in cron mail or logs): per stage,
/// the drop being worked on, its cards done of the cards its order asks for, the rate and the time left; between
/// drops, the drops done of the stage's drops. Log lines never share its line: the terminal log handler clears it
/// before a log line is written and draws it again after (`ProgressAwareLogHandler`).
final class TerminalProgress: CardProgressReporting, @unchecked Sendable {
    /// The line of this process, which the log handler clears and redraws.
    static let shared = TerminalProgress()

    private let lock = NSLock()
    private var active = false
    /// The text on the terminal now, empty when the line is cleared.
    private var shown = ""
    private var lastDraw = ContinuousClock.now
    /// When the current drop's stage started, to measure the rate.
    private var started: (key: String, at: ContinuousClock.Instant)?
    private let clock = ContinuousClock()

    /// Turns the line on (when standard error is a terminal and `enabled`) or off.
    func enable(_ enabled: Bool) {
        lock.withLock { active = enabled && isatty(STDERR_FILENO) == 1 }
    }

    /// Drops done of the stage's drops.
    func show(_ stage: String, done: Int, total: Int) {
        guard total > 0 else { return }
        draw("\(stage)  \(Self.bar(done, total))  \(done)/\(total) drop\(total == 1 ? "" : "s")", force: true)
    }

    func cards(_ done: Int, of total: Int, stage: PipelineDefinition.Stage, drop: String) {
        let key = stage.rawValue + drop
        let now = clock.now
        let since: ContinuousClock.Instant = lock.withLock {
            if started?.key != key { started = (key, now) }
            return started!.at
        }
        let seconds = Double((now - since).components.seconds) + Double((now - since).components.attoseconds) / 1e18
        var text = "\(stage.rawValue)  \(drop)  \(Self.bar(min(done, total), max(total, 1)))  \(Self.grouped(done))/\(Self.grouped(total)) cards"
        if seconds >= 0.5, done > 0 {
            let rate = Double(done) / seconds
            text += "  \(Self.grouped(Int(rate)))/s"
            if total > done { text += "  about \(Self.duration(Double(total - done) / rate)) left" }
        }
        draw(text, force: false)
    }

    /// Clears the line, runs `body` (which writes a log line), and draws the line again.
    func withLineCleared(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard active, !shown.isEmpty else { return body() }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        body()
        FileHandle.standardError.write(Data(("\r" + shown).utf8))
    }

    /// Clears the line for good (the run is over).
    func clear() {
        lock.withLock {
            guard active, !shown.isEmpty else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            shown = ""
        }
    }

    private func draw(_ text: String, force: Bool) {
        lock.withLock {
            guard active else { return }
            let now = clock.now
            guard force || now - lastDraw >= .milliseconds(100) else { return }
            lastDraw = now
            let width = Int(Self.columns()) - 1
            let line = text.count > width ? String(text.prefix(max(width, 10))) : text
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            shown = line
        }
    }

    private static func bar(_ done: Int, _ total: Int) -> String {
        let width = 20, filled = width * min(done, total) / max(total, 1)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `40s`, `3m 20s`, `1h 5m`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(total % 60)s" }
        return "\(total / 3600)h \(total % 3600 / 60)m"
    }

    private static func columns() -> UInt16 {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return size.ws_col
    }
}
