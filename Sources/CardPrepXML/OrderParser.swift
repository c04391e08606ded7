public import CardPrepCore

/// Reads order files: hardened parse, validation against the order schema, then the domain model.
///
/// A parser is a value and holds no libxml2 state; the schema validator it is given must be used
/// from one thread at a time.
public struct OrderParser: Sendable {
    /// The limits applied while loading.
    public var limits: XMLParsingLimits

    /// Creates a parser.
    public init(limits: XMLParsingLimits = XMLParsingLimits()) { self.limits = limits }

    /// Parses and validates the order at `path`.
    /// - Parameters:
    ///   - path: The order XML file.
    ///   - schema: A validator loaded from `order-v1.xsd`.
    /// - Returns: The order.
    /// - Throws: Any ``OrderXMLError``: the file's size, well-formedness, DTD and entities, depth,
    ///   and every schema violation.
    public func parse(fileAt path: String, schema: XMLSchemaValidator) throws(OrderXMLError) -> Order {
        let document = try XMLDocumentLoader(limits: limits).load(fileAt: path)
        try schema.check(document)
        return try OrderTreeReader(document: document).order()
    }

    /// Parses and validates the order at `path` with the default limits.
    public static func parse(fileAt path: String, schema: XMLSchemaValidator) throws(OrderXMLError) -> Order {
        try OrderParser().parse(fileAt: path, schema: schema)
    }
}
