import CardPrepIO

/// A drop's findings in file order, in bounded memory: the first `memoryLimit` are kept as values, the rest
/// go to a nameless scratch file as text lines, so a drop with a million warnings costs disk, not memory.
/// Findings show masked card numbers only. Appended to while a drop is validated, read afterwards.
public final class FindingLog: @unchecked Sendable {
    private let memoryLimit: Int
    private let scratchFolder: String
    private var held: [Finding] = []
    private var scratch: ScratchFile?
    private var pending: [UInt8] = []
    /// The findings per reason code.
    public private(set) var countsByReason: [ReasonCode: Int] = [:]
    /// The findings logged.
    public private(set) var count = 0

    /// Creates an empty log that spills to `scratchFolder`.
    public init(memoryLimit: Int = 4096, scratchFolder: String) {
        self.memoryLimit = memoryLimit
        self.scratchFolder = scratchFolder
    }

    /// Creates a log holding `findings` in memory.
    public convenience init(_ findings: [Finding]) {
        self.init(memoryLimit: .max, scratchFolder: "/")
        for finding in findings { try? append(finding) }
    }

    /// Adds a finding after every one added before.
    /// - Throws: `ByteStreamError` when the scratch file cannot be written.
    public func append(_ finding: Finding) throws(ByteStreamError) {
        count += 1
        countsByReason[finding.reasonCode, default: 0] += 1
        guard scratch != nil || held.count >= memoryLimit else { held.append(finding); return }
        FindingLine.encode(finding, into: &pending)
        if pending.count >= 1 << 16 { try flush() }
    }

    private func flush() throws(ByteStreamError) {
        guard !pending.isEmpty else { return }
        if scratch == nil { scratch = try ScratchFile(in: scratchFolder) }
        try scratch!.append(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with every finding, in the order they were added.
    /// - Throws: `ByteStreamError` when the scratch file cannot be read back, or what `body` throws.
    public func forEach(_ body: (Finding) throws -> Void) throws {
        for finding in held { try body(finding) }
        guard let scratch else { return }
        try flush()
        var offset = 0
        var carry: [UInt8] = []
        while offset < scratch.size {
            let count = min(1 << 16, scratch.size - offset)
            carry += try scratch.read(UInt8.self, count: count, at: offset)
            offset += count
            var start = 0
            while let end = carry[start...].firstIndex(of: 0x0A) {
                try body(FindingLine.decode(carry[start..<end]))
                start = end + 1
            }
            carry.removeFirst(start)
        }
    }

    /// Every finding as values (for tests and small drops; reports use `forEach`).
    public var all: [Finding] {
        var findings: [Finding] = []
        try? forEach { findings.append($0) }
        return findings
    }
}

/// One finding as a line of text: its fields separated by U+001F, which messages never hold.
enum FindingLine {
    private static let separator: UInt8 = 0x1F

    static func encode(_ finding: Finding, into bytes: inout [UInt8]) {
        if let number = finding.location.recordNumber { append(String(number), to: &bytes) }
        bytes.append(separator)
        if let line = finding.location.line { append(String(line), to: &bytes) }
        bytes.append(separator)
        if let field = finding.location.field { bytes.append(UInt8(ascii: "=")); append(field, to: &bytes) }
        bytes.append(separator)
        append(finding.reasonCode.rawValue, to: &bytes)
        bytes.append(separator)
        append(finding.severity.rawValue, to: &bytes)
        bytes.append(separator)
        if let masked = finding.maskedCardNumber { bytes.append(UInt8(ascii: "=")); append(masked, to: &bytes) }
        bytes.append(separator)
        append(finding.message, to: &bytes)
        bytes.append(0x0A)
    }

    /// Appends the bytes of `field`, with a separator or line feed in it turned into a space.
    private static func append(_ field: String, to bytes: inout [UInt8]) {
        for byte in field.utf8 { bytes.append(byte == separator || byte == 0x0A ? 0x20 : byte) }
    }

    static func decode(_ line: ArraySlice<UInt8>) -> Finding {
        let fields = line.split(separator: separator, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        func optional(_ text: String) -> String? { text.isEmpty ? nil : String(text.dropFirst()) }
        var finding = Finding(ReasonCode(rawValue: fields[3]) ?? .malformedRecord, Severity(rawValue: fields[4]) ?? .rejectRecord,
                              at: FindingLocation(recordNumber: Int(fields[0]), line: Int(fields[1]), field: optional(fields[2])),
                              message: fields[6])
        finding.maskedCardNumber = optional(fields[5])
        return finding
    }
}
