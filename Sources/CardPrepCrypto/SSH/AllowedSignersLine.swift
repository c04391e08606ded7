import Foundation

/// Why an allowed_signers file could not be read; each case names the line, counted from 1.
public enum AllowedSignersError: Error, Equatable, CustomStringConvertible {
    /// The line has principals but no key after them.
    case missingKey(line: Int)
    /// The key is not a well-formed OpenSSH public key.
    case invalidKey(line: Int, reason: String)
    /// A quoted field has no closing quote.
    case unterminatedQuote(line: Int)
    /// The options field is not a comma-separated list of options.
    case malformedOptions(line: Int, reason: String)
    /// An option other than cert-authority, namespaces, valid-after and valid-before.
    case unsupportedOption(line: Int, option: String)
    /// A valid-after or valid-before time that is not YYYYMMDD[HHMM[SS]][Z].
    case invalidTime(line: Int, value: String)

    public var description: String {
        switch self {
        case let .missingKey(line): "allowed signers line \(line): no key after the principals"
        case let .invalidKey(line, reason): "allowed signers line \(line): invalid key: \(reason)"
        case let .unterminatedQuote(line): "allowed signers line \(line): a quote is not closed"
        case let .malformedOptions(line, reason): "allowed signers line \(line): bad options: \(reason)"
        case let .unsupportedOption(line, option): "allowed signers line \(line): unsupported option \(option)"
        case let .invalidTime(line, value):
            "allowed signers line \(line): time \(value) is not YYYYMMDD[HHMM[SS]][Z]"
        }
    }
}

/// Parses one line of an allowed_signers file the way OpenSSH's sshsig.c does.
enum AllowedSignersLine {
    /// What a non-blank, non-comment line gives.
    enum Parsed {
        case entry(AllowedSigners.Entry)
        case skipped(AllowedSigners.SkipReason)
    }

    /// Parses `line`; returns nil for blank and comment lines.
    static func parse(_ line: String, lineNumber: Int) throws(AllowedSignersError) -> Parsed? {
        var rest = Substring(line).drop(while: isBlank)
        guard let first = rest.first, first != "#" else { return nil }
        let principals = try field(&rest, quotesOnlyAtStart: true, line: lineNumber)
        rest = rest.drop(while: isBlank)
        var options = AllowedSignersOptions()
        let looksLikeKey = rest.prefix(while: { !isBlank($0) }) == SSHEd25519PublicKey.keyType || startsWithKey(rest)
        if !looksLikeKey {
            let text = try field(&rest, quotesOnlyAtStart: false, line: lineNumber)
            options = try AllowedSignersOptions(parsing: text, line: lineNumber)
            rest = rest.drop(while: isBlank)
        }
        let parts = rest.split(maxSplits: 2, whereSeparator: isBlank)
        guard parts.count >= 2 else { throw .missingKey(line: lineNumber) }
        let key: SSHEd25519PublicKey
        do {
            key = try SSHEd25519PublicKey(authorizedKeyLine: String(rest))
        } catch .unsupportedKeyType(let type) where startsWithKey(rest) {
            return .skipped(.unsupportedKeyType(type))
        } catch {
            throw .invalidKey(line: lineNumber, reason: error.description)
        }
        if options.certificateAuthority { return .skipped(.certificateAuthority) }
        return .entry(
            AllowedSigners.Entry(
                lineNumber: lineNumber, principals: SSHPatternList(principals),
                namespaces: options.namespaces.map(SSHPatternList.init), validAfter: options.validAfter,
                validBefore: options.validBefore, key: key))
    }

    static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" }

    /// Whether `text` starts with `type base64` where the base64 blob names the same key type.
    private static func startsWithKey(_ text: Substring) -> Bool {
        let parts = text.split(maxSplits: 2, whereSeparator: isBlank)
        guard parts.count >= 2, let blob = SSHBase64.decode(parts[1]) else { return false }
        var reader = SSHWireReader(blob)
        return (try? reader.readText(field: "key type")) == String(parts[0])
    }

    /// Takes one blank-delimited field off the front of `rest`, honouring double quotes.
    ///
    /// Principals may be one quoted string (quotes removed); options may hold quoted values with `\"`
    /// escapes anywhere (quotes kept, for the option parser).
    private static func field(
        _ rest: inout Substring, quotesOnlyAtStart: Bool, line: Int
    ) throws(AllowedSignersError) -> String {
        if quotesOnlyAtStart, rest.first == "\"" {
            let body = rest.dropFirst()
            guard let close = body.firstIndex(of: "\"") else { throw .unterminatedQuote(line: line) }
            rest = body[body.index(after: close)...]
            return String(body[..<close])
        }
        if quotesOnlyAtStart {
            let end = rest.firstIndex(where: isBlank) ?? rest.endIndex
            defer { rest = rest[end...] }
            return String(rest[..<end])
        }
        var quoted = false
        var index = rest.startIndex
        while index < rest.endIndex, quoted || !isBlank(rest[index]) {
            let next = rest.index(after: index)
            if rest[index] == "\\", next < rest.endIndex, rest[next] == "\"" {
                index = rest.index(after: next)
                continue
            }
            if rest[index] == "\"" { quoted.toggle() }
            index = next
        }
        guard !quoted else { throw .unterminatedQuote(line: line) }
        defer { rest = rest[index...] }
        return String(rest[..<index])
    }
}
