import Foundation

/// Why an armored OpenSSH text block could not be read.
enum SSHArmorError: Error, Equatable, CustomStringConvertible {
    case missingBeginMarker(String)
    case missingEndMarker(String)
    case textAfterEndMarker
    case badBase64

    var description: String {
        switch self {
        case let .missingBeginMarker(marker): "the text does not start with \(marker)"
        case let .missingEndMarker(marker): "the text has no \(marker) line"
        case .textAfterEndMarker: "there is text after the end marker"
        case .badBase64: "the body is not canonical base64"
        }
    }
}

/// The armor OpenSSH wraps binary blobs in: a BEGIN line, base64 in 70-column lines, an END line.
///
/// Private key files (`OPENSSH PRIVATE KEY`) and signatures (`SSH SIGNATURE`) share this shape.
struct SSHArmor {
    /// Width of the base64 lines, as OpenSSH's `sshbuf_dtob64` wraps them.
    static let lineWidth = 70

    /// The label between `BEGIN ` / `END ` and the closing dashes.
    let label: String

    var beginMarker: String { "-----BEGIN \(label)-----" }
    var endMarker: String { "-----END \(label)-----" }

    /// Armors `blob` exactly as OpenSSH does, ending with a newline.
    func armor(_ blob: [UInt8]) -> String {
        let encoded = Array(SSHBase64.encode(blob))
        var text = beginMarker + "\n"
        var start = 0
        while start < encoded.count {
            let end = min(start + Self.lineWidth, encoded.count)
            text += String(encoded[start..<end]) + "\n"
            start = end
        }
        return text + endMarker + "\n"
    }

    /// Extracts the blob from armored text; blank space around the block is allowed, other text is not.
    func dearmor(_ text: String) throws(SSHArmorError) -> [UInt8] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var index = lines.startIndex
        while index < lines.endIndex, lines[index].isEmpty { index += 1 }
        guard index < lines.endIndex, lines[index] == beginMarker else { throw .missingBeginMarker(beginMarker) }
        index += 1
        var body = ""
        while index < lines.endIndex, lines[index] != endMarker {
            body += lines[index]
            index += 1
        }
        guard index < lines.endIndex else { throw .missingEndMarker(endMarker) }
        guard lines[(index + 1)...].allSatisfy(\.isEmpty) else { throw .textAfterEndMarker }
        guard !body.isEmpty, let blob = SSHBase64.decode(body) else { throw .badBase64 }
        return blob
    }
}
