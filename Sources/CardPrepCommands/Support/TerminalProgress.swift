import Foundation
import Glibc

/// A progress line on standard error, shown only when it is a terminal (never in cron mail or logs).
struct TerminalProgress {
    let active: Bool

    init(enabled: Bool) { active = enabled && isatty(STDERR_FILENO) == 1 }

    func show(_ label: String, done: Int, total: Int) {
        guard active, total > 0 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
    }

    func clear() {
        guard active else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
