internal import CLibXML2

/// Validates documents against one W3C XML Schema (XSD), loaded once from a file.
///
/// Not thread-safe: use one validator from one thread at a time (each thread or task can load its
/// own). Each validation uses a fresh libxml2 validation context.
public final class XMLSchemaValidator {
    /// The path of the XSD.
    public let schemaPath: String
    private let schema: CompiledSchema

    /// Loads and compiles the schema at `path`.
    /// - Throws: ``OrderXMLError/schemaUnusable(file:issues:)`` with every error libxml2 reported.
    public init(schemaAt path: String) throws(OrderXMLError) {
        LibXML2.initialised
        schemaPath = path
        let collector = IssueCollector(file: path)
        guard let parserContext = SchemaParserContext(path: path) else {
            throw .schemaUnusable(file: path, issues: [])
        }
        let compiled = withExtendedLifetime(collector) { parserContext.compile(reportingTo: collector) }
        guard let compiled else { throw .schemaUnusable(file: path, issues: collector.issues) }
        schema = compiled
    }

    /// Validates a document.
    /// - Returns: Every violation found, in document order; empty when the document is valid.
    public func validate(_ document: XMLDocument) -> [XMLIssue] {
        let collector = IssueCollector(file: document.path)
        guard let context = ValidationContext(schema: schema) else {
            return [XMLIssue(file: document.path, line: 0, column: 0, message: "libxml2 could not create a validation context")]
        }
        let status = withExtendedLifetime(collector) { context.validate(document, reportingTo: collector) }
        if status != 0 && collector.issues.isEmpty {
            return [XMLIssue(file: document.path, line: 0, column: 0, message: "schema validation failed (libxml2 status \(status))")]
        }
        return collector.issues
    }

    /// Validates a document and throws if it is not valid.
    /// - Throws: ``OrderXMLError/schemaInvalid(_:)`` with every violation.
    public func check(_ document: XMLDocument) throws(OrderXMLError) {
        let issues = validate(document)
        if !issues.isEmpty { throw .schemaInvalid(issues) }
    }
}

/// Owns a schema parser context.
final class SchemaParserContext {
    let pointer: xmlSchemaParserCtxtPtr

    init?(path: String) {
        guard let pointer = xmlSchemaNewParserCtxt(path) else { return nil }
        self.pointer = pointer
    }

    deinit { xmlSchemaFreeParserCtxt(pointer) }

    func compile(reportingTo collector: IssueCollector) -> CompiledSchema? {
        xmlSchemaSetParserStructuredErrors(pointer, IssueCollector.callback, Unmanaged.passUnretained(collector).toOpaque())
        return xmlSchemaParse(pointer).map(CompiledSchema.init)
    }
}

/// Owns a compiled schema.
final class CompiledSchema {
    let pointer: xmlSchemaPtr

    init(_ pointer: xmlSchemaPtr) { self.pointer = pointer }

    deinit { xmlSchemaFree(pointer) }
}

/// Owns a schema validation context; keeps its schema alive.
final class ValidationContext {
    let pointer: xmlSchemaValidCtxtPtr
    private let schema: CompiledSchema

    init?(schema: CompiledSchema) {
        guard let pointer = xmlSchemaNewValidCtxt(schema.pointer) else { return nil }
        self.pointer = pointer
        self.schema = schema
    }

    deinit { xmlSchemaFreeValidCtxt(pointer) }

    /// Returns libxml2's status: 0 valid, > 0 the first error code, -1 an internal error.
    func validate(_ document: XMLDocument, reportingTo collector: IssueCollector) -> Int32 {
        xmlSchemaSetValidStructuredErrors(pointer, IssueCollector.callback, Unmanaged.passUnretained(collector).toOpaque())
        return withExtendedLifetime(document) { xmlSchemaValidateDoc(pointer, document.pointer) }
    }
}
