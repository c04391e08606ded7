import CardPrepIO

/// The job manifest as JSON, written a piece at a time: the same bytes as `JSONEncoder` gives with pretty printing,
/// sorted keys and slashes unescaped, but each job's batches are written from its runs as they are made, so a drop
/// of any size costs the same memory.
extension JobManifest {
    /// Writes the manifest to `sink`.
    /// - Throws: what the sink throws.
    public func writeJSON(to sink: inout some ByteSink) throws {
        var out = JSONPieces()
        out.open("{")
        out.field("contract", string: contract, indent: 2, first: true)
        out.field("created", string: created, indent: 2)
        out.field("customer", string: customer, indent: 2)
        out.field("dropID", string: dropID, indent: 2)
        out.field("format", string: format, indent: 2)
        out.key("jobs", indent: 2)
        try out.array(jobs, indent: 2) { job, out in
            out.open("{")
            out.key("batches", indent: 6, first: true)
            var first = true
            out.open("[")
            try job.forEachBatch { batch in
                out.element(indent: 8, first: first)
                first = false
                out.open("{")
                out.field("branch", string: batch.branch, indent: 10, first: true)
                out.field("cards", number: batch.cards, indent: 10)
                out.field("firstSequence", number: batch.firstSequence, indent: 10)
                out.field("id", string: batch.id, indent: 10)
                out.key("orderLines", indent: 10)
                try out.array(batch.orderLines, indent: 10) { line, out in out.number(line) }
                out.close("}", indent: 8)
                try out.flushIfFull(to: &sink)
            }
            out.close("]", indent: 6, empty: first)
            out.field("cards", number: job.cards, indent: 6)
            out.field("file", string: job.file, indent: 6)
            out.field("id", string: job.id, indent: 6)
            out.field("layout", string: job.layout, indent: 6)
            out.field("machine", string: job.machine, indent: 6)
            out.field("product", string: job.product, indent: 6)
            out.field("sha256", string: job.sha256, indent: 6)
            out.field("station", string: job.station.rawValue, indent: 6)
            out.close("}", indent: 4)
        }
        out.key("lines", indent: 2)
        try out.array(lines, indent: 2) { line, out in
            out.open("{")
            out.field("accepted", number: line.accepted, indent: 6, first: true)
            out.field("branch", string: line.branch, indent: 6)
            out.field("orderLine", number: line.orderLine, indent: 6)
            out.field("ordered", number: line.ordered, indent: 6)
            out.field("product", string: line.product, indent: 6)
            out.field("rejected", number: line.rejected, indent: 6)
            out.close("}", indent: 4)
        }
        out.field("orderID", string: orderID, indent: 2)
        out.close("}", indent: 0)
        try out.flush(to: &sink)
    }
}

/// Pretty-printed JSON as `JSONEncoder` writes it (`"key" : value`, two spaces an indent, an empty array or object as
/// its brackets around an empty line), appended to a buffer the caller empties into its sink.
private struct JSONPieces {
    var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    mutating func open(_ bracket: String) { buffer.append(contentsOf: bracket.utf8) }

    /// Closes an object or array whose members were written at `indent + 2`; an empty one gets an empty line.
    mutating func close(_ bracket: String, indent: Int, empty: Bool = false) {
        buffer.append(UInt8(ascii: "\n"))
        if empty { buffer.append(UInt8(ascii: "\n")) }
        buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        buffer.append(contentsOf: bracket.utf8)
    }

    /// Starts a member: the comma after the one before, a new line, the indent, the key.
    mutating func key(_ name: String, indent: Int, first: Bool = false) {
        element(indent: indent, first: first)
        JSONText.append(name, to: &buffer)
        buffer.append(contentsOf: " : ".utf8)
    }

    /// Starts an array element.
    mutating func element(indent: Int, first: Bool) {
        if !first { buffer.append(UInt8(ascii: ",")) }
        buffer.append(UInt8(ascii: "\n"))
        buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    mutating func field(_ name: String, string: String, indent: Int, first: Bool = false) {
        key(name, indent: indent, first: first)
        JSONText.append(string, to: &buffer, shortBackspace: true)
    }

    mutating func field(_ name: String, number: Int, indent: Int, first: Bool = false) {
        key(name, indent: indent, first: first)
        self.number(number)
    }

    mutating func number(_ value: Int) { JSONText.append(value, to: &buffer) }

    /// An array whose elements `body` writes, each at `indent + 2`.
    mutating func array<Element>(_ elements: [Element], indent: Int, _ body: (Element, inout Self) throws -> Void) throws {
        open("[")
        for (index, element) in elements.enumerated() {
            self.element(indent: indent + 2, first: index == 0)
            try body(element, &self)
        }
        close("]", indent: indent, empty: elements.isEmpty)
    }

    mutating func flushIfFull(to sink: inout some ByteSink) throws {
        if buffer.count >= 1 << 16 { try flush(to: &sink) }
    }

    mutating func flush(to sink: inout some ByteSink) throws {
        try sink.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
