internal import CLibXML2

/// Parses XML files with libxml2, hardened for files from outside the bureau.
///
/// - No network (`XML_PARSE_NONET`), no entity substitution (no `XML_PARSE_NOENT`), no DTD loading
///   (no `XML_PARSE_DTDLOAD`), libxml2's own size limits kept (no `XML_PARSE_HUGE`).
/// - The file is read by CardPrep, not by libxml2, after a size check; libxml2 parses the bytes in
///   memory, so it opens nothing itself.
/// - A DOCTYPE that declares any entity, internal or external, stops the parse at the declaration
///   (no entity is ever expanded or fetched); a DOCTYPE naming an external DTD is refused.
/// - Elements nested deeper than the depth limit stop the parse.
/// - libxml2's errors are captured through the parser context's structured error callback and
///   returned as ``XMLIssue``s; libxml2 prints nothing.
///
/// A loader holds no libxml2 state and is `Sendable`; each call uses its own parser context.
public struct XMLDocumentLoader: Sendable {
    /// The limits applied to every file.
    public var limits: XMLParsingLimits

    /// Creates a loader.
    public init(limits: XMLParsingLimits = XMLParsingLimits()) { self.limits = limits }

    /// Reads and parses the file at `path`.
    /// - Returns: The well-formed document.
    /// - Throws: `unreadable`, `tooLarge`, `malformed`, `forbiddenDTD`, `forbiddenEntity` or `tooDeep`.
    public func load(fileAt path: String) throws(OrderXMLError) -> XMLDocument {
        let bytes = try BoundedFileReader(limit: limits.maxBytes).read(path)
        return try parse(bytes, path: path)
    }

    /// Parses bytes already in memory; `path` names them in issues.
    public func parse(_ bytes: [UInt8], path: String) throws(OrderXMLError) -> XMLDocument {
        guard bytes.count <= limits.maxBytes else {
            throw .tooLarge(file: path, bytes: bytes.count, limit: limits.maxBytes)
        }
        LibXML2.initialised
        let guardState = ParseGuard(file: path, maxDepth: limits.maxDepth)
        let outcome: Result<xmlDocPtr, OrderXMLError> = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return .failure(.malformed(XMLIssue(file: path, line: 1, column: 1, message: "Document is empty")))
            }
            let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            guard let context = ParserContext(file: path) else {
                return .failure(.unreadable(file: path, reason: "libxml2 could not create a parser context"))
            }
            return withExtendedLifetime(guardState) {
                context.parse(raw, count: Int32(buffer.count), options: Self.options, guard: guardState)
            }
        }
        return XMLDocument(path: path, taking: try outcome.get())
    }

    /// The parser options: network off and big line numbers; NOENT, DTDLOAD, DTDATTR and HUGE
    /// stay off.
    static let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)
}

/// Owns one libxml2 push parser context and frees it (and any partial tree). A push context is
/// fed bytes by CardPrep, so libxml2 never opens the file; `file` only names it in messages.
final class ParserContext {
    let pointer: xmlParserCtxtPtr

    init?(file: String) {
        guard let pointer = xmlCreatePushParserCtxt(nil, nil, nil, 0, file) else { return nil }
        self.pointer = pointer
    }

    deinit {
        if let document = pointer.pointee.myDoc { xmlFreeDoc(document) }
        xmlFreeParserCtxt(pointer)
    }

    /// Parses with the guard's hooks installed; hands over the document only if it is well-formed
    /// and nothing was refused.
    func parse(
        _ bytes: UnsafePointer<CChar>, count: Int32, options: Int32, guard guardState: ParseGuard
    ) -> Result<xmlDocPtr, OrderXMLError> {
        _ = xmlCtxtUseOptions(pointer, options)
        pointer.pointee._private = Unmanaged.passUnretained(guardState).toOpaque()
        guardState.install(on: pointer)
        let status = xmlParseChunk(pointer, bytes, count, 1)
        if let refusal = guardState.refusal { return .failure(refusal) }
        guard status == 0, pointer.pointee.wellFormed != 0, let document = pointer.pointee.myDoc else {
            let issue = guardState.collector.issues.first
                ?? XMLIssue(file: guardState.file, line: Int(pointer.pointee.input?.pointee.line ?? 0),
                    column: 0, message: "document is not well-formed")
            return .failure(.malformed(issue))
        }
        pointer.pointee.myDoc = nil
        return .success(document)
    }
}
