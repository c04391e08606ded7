internal import CLibXML2

/// libxml2's process-wide set-up and the one funnel through which its errors become ``XMLIssue``s.
enum LibXML2 {
    /// Runs `xmlInitParser()` exactly once (Swift initialises a static `let` once, thread-safely).
    /// libxml2 requires it before concurrent use of parsers from several threads.
    static let initialised: Void = { xmlInitParser() }()

    /// Turns a libxml2 error into an issue; `nil` for warnings, which never decide a verdict.
    static func issue(from error: UnsafePointer<xmlError>, file: String) -> XMLIssue? {
        let error = error.pointee
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return nil }
        let raw = error.message.map { String(cString: $0) } ?? "libxml2 error \(error.code)"
        // int2 holds the column for parser errors only; other domains use it for other things.
        let column = error.domain == Int32(XML_FROM_PARSER.rawValue) ? Int(error.int2) : 0
        return XMLIssue(file: file, line: Int(error.line), column: column, message: tidy(raw))
    }

    /// One line, without libxml2's trailing newline and without `{urn:…}` namespace prefixes of element names. Braces
    /// that hold anything else, such as the schema's set of allowed values (`{'air-cargo', 'post'}`), are kept.
    static func tidy(_ message: String) -> String {
        var out = ""
        var rest = Substring(message)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { rest = rest[open...]; break }
            let inside = rest[rest.index(after: open)..<close]
            let isNamespace = inside.contains(":") && !inside.contains(where: { $0 == "'" || $0 == " " || $0 == "," })
            if !isNamespace { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return String(out.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }).trimmingWhitespace()
    }
}

/// Collects the issues libxml2 reports through a structured error callback. The callback gets an
/// unretained pointer to the collector, which the caller keeps alive for the duration of the call.
final class IssueCollector {
    let file: String
    private(set) var issues: [XMLIssue] = []

    init(file: String) { self.file = file }

    func record(_ error: UnsafePointer<xmlError>?) {
        guard let error, let issue = LibXML2.issue(from: error, file: file) else { return }
        issues.append(issue)
    }

    /// The structured error callback for schema parser and validation contexts.
    static let callback: xmlStructuredErrorFunc = { userData, error in
        guard let userData else { return }
        Unmanaged<IssueCollector>.fromOpaque(userData).takeUnretainedValue().record(error)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Whitespace collapsed as for `xs:token`: runs become one space, ends trimmed.
    func collapsingWhitespace() -> String {
        split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
