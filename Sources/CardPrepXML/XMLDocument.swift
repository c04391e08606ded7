internal import CLibXML2

/// A parsed, well-formed XML document. It owns libxml2's document tree and frees it when released.
///
/// Not thread-safe: use one document from one thread at a time.
public final class XMLDocument {
    /// The path the document was read from, used in every issue it gives rise to.
    public let path: String
    let pointer: xmlDocPtr

    init(path: String, taking pointer: xmlDocPtr) {
        self.path = path
        self.pointer = pointer
    }

    deinit { xmlFreeDoc(pointer) }

    /// The name of the root element, without prefix.
    public var rootElementName: String? { root.map(\.name) }

    var root: XMLElementNode? { xmlDocGetRootElement(pointer).map { XMLElementNode($0) } }
}
