import Foundation
import Testing

/// On a terminal the run shows a progress line that log lines never share: captured through a pseudo-terminal
/// (`script`) and replayed as a terminal shows it, no line holds both a log message and the progress bar.
@Suite struct TerminalProgressTests {
    /// The lines a terminal ends up showing for `output`: carriage returns move to the line's start, `ESC [ K`
    /// clears to its end, and characters overwrite what is under the cursor.
    static func screenLines(_ output: String) -> [String] {
        var lines: [String] = []
        var line: [Character] = []
        var cursor = 0
        var characters = Array(output)
        characters.append("\n")
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\u{1B}", index + 2 < characters.count, characters[index + 1] == "[", characters[index + 2] == "K" {
                line.removeSubrange(min(cursor, line.count)...)
                index += 3
                continue
            }
            switch character {
            case "\r": cursor = 0
            case "\n", "\r\n":
                lines.append(String(line))
                line = []
                cursor = 0
            default:
                if cursor < line.count { line[cursor] = character } else { line.append(character) }
                cursor += 1
            }
            index += 1
        }
        return lines
    }

    @Test func logLinesAndTheProgressLineNeverShareALine() throws {
        let workspace = try SampleWorkspace()
        let cardprep = BuiltExecutable.productsFolder.path + "/cardprep"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", "'\(cardprep)' run '\(workspace.pipeline)' -v", "/dev/null"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": workspace.temporary, "COLUMNS": "200"]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let raw = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(raw)")
        // The progress line was drawn (so this test can fail), and log lines were written (-v logs every drop).
        #expect(raw.contains("] ") && raw.contains(" drop"), "\(raw)")
        let screen = Self.screenLines(raw)
        let logLines = screen.filter { $0.contains(" info ") || $0.contains(" warning ") }
        #expect(!logLines.isEmpty, "\(screen)")
        for line in screen {
            let hasBar = line.range(of: #"\[[#.]{20}\]"#, options: .regularExpression) != nil
            let hasLog = line.contains(" info ") || line.contains(" warning ") || line.contains(" error ")
            #expect(!(hasBar && hasLog), "a line holds both: \(line)")
            #expect(!hasBar, "the progress line is cleared at the end: \(line)")
        }
        #expect(screen.contains { $0.contains("archive:") || $0.contains("archived") }, "the summary is shown: \(screen)")
    }

    @Test func theReplayFollowsCarriageReturnsAndClears() {
        #expect(Self.screenLines("abc\r\u{1B}[Kxy\nlog\n") == ["xy", "log", ""])
    }
}
