/// One problem libxml2 or CardPrep found in an XML file, located by line and column.
public struct XMLIssue: Sendable, Equatable, CustomStringConvertible {
    /// The file, as the caller named it.
    public var file: String
    /// The 1-based line, or 0 when unknown.
    public var line: Int
    /// The 1-based column, or 0 when unknown (libxml2's schema errors carry no column).
    public var column: Int
    /// The message, one line, with `{namespace}` prefixes removed from element names.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, leaving out a column or line that is unknown.
    public var description: String {
        var location = file
        if line > 0 { location += ":\(line)" }
        if line > 0 && column > 0 { location += ":\(column)" }
        return "\(location): \(message)"
    }
}

/// Why an order file (or the schema it is checked against) was not accepted.
public enum OrderXMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read, or is not a regular file.
    case unreadable(file: String, reason: String)
    /// The file is larger than the size limit; it was not parsed.
    case tooLarge(file: String, bytes: Int, limit: Int)
    /// The file is not well-formed XML (the first fatal error libxml2 reported).
    case malformed(XMLIssue)
    /// The DOCTYPE refers to an external DTD, which is never loaded.
    case forbiddenDTD(XMLIssue)
    /// The DOCTYPE declares an entity: internal ones allow entity expansion bombs, external ones
    /// read files or URLs. Neither is ever expanded.
    case forbiddenEntity(XMLIssue, name: String, external: Bool)
    /// Elements are nested deeper than the depth limit.
    case tooDeep(XMLIssue, limit: Int)
    /// The XSD itself could not be loaded.
    case schemaUnusable(file: String, issues: [XMLIssue])
    /// The document does not conform to the schema; every violation found.
    case schemaInvalid([XMLIssue])
    /// A valid document whose content the order model cannot hold (a schema and reader mismatch).
    case unexpectedContent(XMLIssue)

    /// The first location the error names, for callers that report one line.
    public var firstIssue: XMLIssue? {
        switch self {
        case .unreadable, .tooLarge: nil
        case .malformed(let issue), .forbiddenDTD(let issue), .forbiddenEntity(let issue, _, _),
            .tooDeep(let issue, _), .unexpectedContent(let issue):
            issue
        case .schemaUnusable(_, let issues), .schemaInvalid(let issues): issues.first
        }
    }

    /// A readable account, one line per issue, each starting `file:line:column:`.
    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read: \(reason)"
        case .tooLarge(let file, let bytes, let limit):
            "\(file): \(bytes) bytes is larger than the limit of \(limit) bytes; not parsed"
        case .malformed(let issue): "\(issue) (not well-formed)"
        case .forbiddenDTD(let issue): issue.description
        case .forbiddenEntity(let issue, _, _): issue.description
        case .tooDeep(let issue, _): issue.description
        case .schemaUnusable(let file, let issues):
            (["\(file): schema cannot be loaded"] + issues.map(\.description)).joined(separator: "\n")
        case .schemaInvalid(let issues): issues.map(\.description).joined(separator: "\n")
        case .unexpectedContent(let issue): issue.description
        }
    }
}
