/// Parses an age v1 header strictly: exact version line, `->` stanza lines with valid arguments, canonical
/// unpadded base64 bodies in 64-column lines ending with a shorter line, and a canonical `---` MAC line.
enum AgeHeaderParser {
    private static let lineLimit = 4096

    /// Reads the header from the start of `reader`, leaving the reader at the first payload byte.
    /// - Throws: `AgeError.headerMalformed` with the reason.
    static func parse(_ reader: inout AgeByteReader) throws -> AgeHeader {
        var macInput: [UInt8] = []
        func nextLine(_ what: String) throws -> [UInt8] {
            guard macInput.count <= AgeFormat.maxHeaderSize else { throw malformed("the header is larger than 4 MiB") }
            guard let (line, terminated) = try reader.readLine(limit: lineLimit, lineTooLong: malformed("\(what) is too long")),
                terminated
            else { throw malformed("the header ends before \(what)") }
            return line
        }

        let version = try nextLine("the version line")
        guard version == Array(AgeFormat.versionLine.utf8) else {
            let shown = String(decoding: version.prefix(40), as: UTF8.self).debugDescription
            throw malformed("unsupported version line \(shown); expected \"\(AgeFormat.versionLine)\"")
        }
        macInput = version + [0x0A]

        var stanzas: [AgeStanza] = []
        while true {
            let line = try nextLine("the MAC line")
            if line.starts(with: Array("---".utf8)) {
                let mac = try parseMAC(line)
                macInput += Array("---".utf8)
                return AgeHeader(stanzas: stanzas, mac: mac, macInput: macInput)
            }
            guard line.starts(with: Array("-> ".utf8)) else {
                throw malformed("line \(stanzas.count + 2): expected a \"-> \" stanza or the \"---\" MAC line")
            }
            macInput += line + [0x0A]
            let arguments = line.dropFirst(3).split(separator: 0x20, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard arguments.allSatisfy(AgeFormat.isValidArgument) else {
                throw malformed("stanza \(stanzas.count + 1) has an empty argument or a character outside printable ASCII")
            }
            var body: [UInt8] = []
            while true {
                let bodyLine = try nextLine("the end of stanza \(stanzas.count + 1)")
                macInput += bodyLine + [0x0A]
                guard bodyLine.count <= AgeFormat.columnsPerLine else {
                    throw malformed("a body line of stanza \(stanzas.count + 1) is longer than 64 columns")
                }
                guard let decoded = AgeBase64.decode(bodyLine) else {
                    throw malformed("the body of stanza \(stanzas.count + 1) is not canonical unpadded base64")
                }
                body += decoded
                if bodyLine.count < AgeFormat.columnsPerLine { break }
            }
            stanzas.append(AgeStanza(type: arguments[0], arguments: Array(arguments.dropFirst()), body: body))
        }
    }

    private static func parseMAC(_ line: [UInt8]) throws -> [UInt8] {
        guard line.count > 4, line[3] == 0x20 else { throw malformed("the MAC line must be \"--- \" and the MAC") }
        guard let mac = AgeBase64.decode(line.dropFirst(4)), mac.count == 32 else {
            throw malformed("the MAC is not 32 bytes of canonical unpadded base64")
        }
        return mac
    }

    private static func malformed(_ reason: String) -> AgeError { .headerMalformed(reason: reason) }
}
