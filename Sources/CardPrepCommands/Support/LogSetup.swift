import Foundation
import Logging

/// Logging for the executables: readable lines on standard error, and every event as a JSON line in a
/// log file. Libraries only receive a `Logger`; this is the one place that sets logging up.
enum LogSetup {
    nonisolated(unsafe) private static var done = false
    private static let lock = NSLock()

    /// Sets up logging once per process.
    static func bootstrap(jsonLinesFile: String?, level: Logger.Level) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        let file = jsonLinesFile.flatMap(JSONLinesLogHandler.openFile)
        LoggingSystem.bootstrap { label in
            var stream = StreamLogHandler.standardError(label: label)
            stream.logLevel = level
            let terminal = ProgressAwareLogHandler(inner: stream)
            guard let file else { return terminal }
            var json = JSONLinesLogHandler(label: label, file: file)
            json.logLevel = .info
            return MultiplexLogHandler([terminal, json])
        }
    }
}

/// Writes each log event as one JSON object per line.
struct JSONLinesLogHandler: LogHandler {
    let label: String
    let file: FileHandle
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    static func openFile(_ path: String) -> FileHandle? {
        let fm = FileManager.default
        try? fm.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        if !fm.fileExists(atPath: path) { fm.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640]) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return nil }
        handle.seekToEndOfFile()
        return handle
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: Any] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue,
            "label": label, "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = Self.typed(value) }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        line.append(0x0a)
        file.write(line)
    }

    /// A metadata value as JSON: numbers and booleans logged as values stay numbers and booleans, lists and maps are
    /// nested, text stays text (an id that happens to be all digits is still an id).
    static func typed(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case let .string(text): return text
        case let .stringConvertible(convertible):
            switch convertible {
            case let value as Bool: return value
            case let value as Int: return value
            case let value as Double: return value.isFinite ? value : "\(value)"
            default: return "\(convertible)"
            }
        case let .array(values): return values.map(typed)
        case let .dictionary(values): return values.mapValues(typed)
        }
    }
}

/// The terminal's log handler: clears the progress line before a log line and draws it again after, so that no
/// line on the terminal holds both.
struct ProgressAwareLogHandler: LogHandler {
    var inner: StreamLogHandler

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        TerminalProgress.shared.withLineCleared { inner.log(event: event) }
    }
}
