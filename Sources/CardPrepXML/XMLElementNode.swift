internal import CLibXML2

/// A read-only view of one element in a document's tree. It never outlives its ``XMLDocument``:
/// readers use it while holding the document and copy every value out as a Swift `String`.
struct XMLElementNode {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) { self.pointer = pointer }

    /// The local name, without prefix.
    var name: String { pointer.pointee.name.map { String(cString: $0) } ?? "" }

    /// The line the element starts on.
    var line: Int { Int(xmlGetLineNo(pointer)) }

    /// The element children, in document order.
    var children: [XMLElementNode] {
        var result: [XMLElementNode] = []
        var child = pointer.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE { result.append(XMLElementNode(node)) }
            child = node.pointee.next
        }
        return result
    }

    /// The element children with the given local name.
    func children(named name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    /// The first element child with the given local name.
    func child(named name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// The concatenated text and CDATA content of the element's direct children.
    var text: String {
        var bytes: [UInt8] = []
        var child = pointer.pointee.children
        while let node = child {
            if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE,
                let content = node.pointee.content
            {
                var cursor = content
                while cursor.pointee != 0 {
                    bytes.append(cursor.pointee)
                    cursor += 1
                }
            }
            child = node.pointee.next
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of an unqualified attribute, if present.
    func attribute(_ name: String) -> String? {
        guard let attribute = xmlHasProp(pointer, name) else { return nil }
        var value = ""
        var child = attribute.pointee.children
        while let node = child {
            if let content = node.pointee.content { value += String(cString: content) }
            child = node.pointee.next
        }
        return value
    }
}
