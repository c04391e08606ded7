internal import CLibXML2

/// The hooks that make a libxml2 parse refuse entity declarations, external DTDs and deep nesting,
/// and collect its errors. It is reached from C callbacks through the parser context's `_private`
/// pointer, which the caller keeps valid (and the guard alive) for the whole parse.
final class ParseGuard {
    let file: String
    let maxDepth: Int
    let collector: IssueCollector
    private(set) var refusal: OrderXMLError?
    private var depth = 0
    private var startElement: startElementNsSAX2Func?
    private var endElement: endElementNsSAX2Func?
    private var internalSubset: internalSubsetSAXFunc?

    init(file: String, maxDepth: Int) {
        self.file = file
        self.maxDepth = maxDepth
        self.collector = IssueCollector(file: file)
    }

    /// Replaces the context's SAX callbacks with guarded ones that call the saved originals.
    func install(on context: xmlParserCtxtPtr) {
        guard let sax = context.pointee.sax else { return }
        startElement = sax.pointee.startElementNs
        endElement = sax.pointee.endElementNs
        internalSubset = sax.pointee.internalSubset
        sax.pointee.serror = { userData, error in
            ParseGuard.from(userData)?.collector.record(error)
        }
        sax.pointee.entityDecl = { context, name, type, _, systemID, _ in
            guard let guardState = ParseGuard.from(context) else { return }
            let external = systemID != nil || type == Int32(XML_EXTERNAL_GENERAL_PARSED_ENTITY.rawValue)
                || type == Int32(XML_EXTERNAL_GENERAL_UNPARSED_ENTITY.rawValue)
                || type == Int32(XML_EXTERNAL_PARAMETER_ENTITY.rawValue)
            let entity = name.map { String(cString: $0) } ?? "?"
            let kind = external ? "external entity" : "entity"
            guardState.refuse(context, message: "DOCTYPE declares \(kind) '\(entity)'; entity declarations are not accepted") {
                .forbiddenEntity($0, name: entity, external: external)
            }
        }
        sax.pointee.internalSubset = { context, name, externalID, systemID in
            guard let guardState = ParseGuard.from(context) else { return }
            if externalID != nil || systemID != nil {
                guardState.refuse(context, message: "DOCTYPE refers to an external DTD; DTDs are never loaded") {
                    .forbiddenDTD($0)
                }
                return
            }
            guardState.internalSubset?(context, name, externalID, systemID)
        }
        sax.pointee.startElementNs = { context, localName, prefix, uri, nsCount, namespaces, attributeCount, defaulted, attributes in
            guard let guardState = ParseGuard.from(context), guardState.refusal == nil else { return }
            guardState.depth += 1
            if guardState.depth > guardState.maxDepth {
                let limit = guardState.maxDepth
                guardState.refuse(context, message: "elements nested deeper than the limit of \(limit)") {
                    .tooDeep($0, limit: limit)
                }
                return
            }
            guardState.startElement?(context, localName, prefix, uri, nsCount, namespaces, attributeCount, defaulted, attributes)
        }
        sax.pointee.endElementNs = { context, localName, prefix, uri in
            guard let guardState = ParseGuard.from(context), guardState.refusal == nil else { return }
            guardState.depth -= 1
            guardState.endElement?(context, localName, prefix, uri)
        }
    }

    /// Records the first refusal at the parser's current position and stops the parser.
    private func refuse(
        _ context: UnsafeMutableRawPointer?, message: String, _ error: (XMLIssue) -> OrderXMLError
    ) {
        guard refusal == nil, let context else { return }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        let input = parser.pointee.input?.pointee
        let issue = XMLIssue(file: file, line: Int(input?.line ?? 0), column: Int(input?.col ?? 0), message: message)
        refusal = error(issue)
        xmlStopParser(parser)
    }

    /// The guard installed on the parser context `context` (libxml2 passes the context as user data).
    private static func from(_ context: UnsafeMutableRawPointer?) -> ParseGuard? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let state = parser.pointee._private else { return nil }
        return Unmanaged<ParseGuard>.fromOpaque(state).takeUnretainedValue()
    }
}
