/// Rules for entry names: what the writer accepts, and how the reader turns a stored name into a path.
public enum EntryName {
    /// The longest name, in bytes, the writer accepts.
    public static let maximumLength = 1024

    /// Checks a name for the writer: relative, '/'-separated, no empty, '.' or '..' segments,
    /// printable ASCII without '\\' (so the bundle reads the same in every locale).
    /// - Throws: `ArchiveError.invalidEntryName` naming the problem.
    public static func validate(_ name: String) throws {
        let bytes = Array(name.utf8)
        func fail(_ problem: EntryNameProblem) -> ArchiveError { .invalidEntryName(name: name, problem: problem) }
        if bytes.isEmpty { throw fail(.empty) }
        if bytes.count > maximumLength { throw fail(.tooLong(bytes: bytes.count)) }
        if let bad = bytes.first(where: { $0 < 0x20 || $0 > 0x7E || $0 == UInt8(ascii: "\\") }) {
            throw fail(.unsupportedByte(bad))
        }
        if bytes.first == UInt8(ascii: "/") { throw fail(.absolute) }
        for segment in name.split(separator: "/", omittingEmptySubsequences: false) {
            switch segment {
            case "": throw fail(.emptySegment)
            case ".": throw fail(.dotSegment)
            case "..": throw fail(.parentSegment)
            default: continue
            }
        }
    }

    /// Orders names as the writer requires: ascending by UTF-8 bytes.
    /// - Returns: `names`, sorted so that a caller can add them one after the other.
    public static func bundleOrder(_ names: [String]) -> [String] {
        names.sorted { precedes($0, $1) }
    }

    /// Whether `lhs` comes strictly before `rhs` in bundle order.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Normalises a stored name into path segments under the extraction target.
    ///
    /// Empty and '.' segments are dropped (so "./a//b/" is "a/b"); an absolute path or any '..'
    /// segment is refused outright, even where it would stay inside the target.
    /// - Returns: the segments; empty for a name that means the target itself (".", "./").
    /// - Throws: `ExtractionRefusal` for an empty, absolute or '..' name.
    static func segments(ofStored name: String) throws(ExtractionRefusal) -> [String] {
        if name.isEmpty { throw .emptyName }
        if name.hasPrefix("/") { throw .absolutePath }
        var segments: [String] = []
        for segment in name.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == ".." { throw .parentSegment }
            if segment == "." { continue }
            segments.append(String(segment))
        }
        return segments
    }
}
