import Crypto
import Foundation

/// The header of an age file: its stanzas and its MAC, with the exact bytes the MAC covers.
struct AgeHeader {
    var stanzas: [AgeStanza]
    var mac: [UInt8]
    /// The header text from the version line through `---`, which the MAC authenticates.
    var macInput: [UInt8]

    /// The HMAC-SHA-256 of the header under a key derived from the file key.
    static func computeMAC(macInput: [UInt8], fileKey: [UInt8]) -> [UInt8] {
        let key = AgePrimitives.hkdf(key: fileKey, salt: [UInt8](), info: "header")
        return [UInt8](HMAC<SHA256>.authenticationCode(for: macInput, using: key))
    }

    /// Whether the MAC matches, compared in constant time.
    func verifyMAC(fileKey: [UInt8]) -> Bool {
        let key = AgePrimitives.hkdf(key: fileKey, salt: [UInt8](), info: "header")
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: macInput, using: key)
    }

    /// Encodes a header for `stanzas`, authenticated under `fileKey`.
    static func encode(stanzas: [AgeStanza], fileKey: [UInt8]) -> [UInt8] {
        var text = AgeFormat.versionLine + "\n"
        for stanza in stanzas { text += stanza.encoded }
        text += "---"
        let macInput = Array(text.utf8)
        return macInput + Array((" " + AgeBase64.encode(computeMAC(macInput: macInput, fileKey: fileKey)) + "\n").utf8)
    }
}

extension AgeStanza {
    /// The stanza as the age header (and the plugin protocol) writes it: the `-> ` line, then the body in canonical
    /// unpadded base64 in 64-column lines, the last one shorter (empty when the body fills whole lines).
    var encoded: String {
        var text = "-> " + ([type] + arguments).joined(separator: " ") + "\n"
        let body = Array(AgeBase64.encode(self.body).utf8)
        var offset = 0
        repeat {
            let end = min(body.count, offset + AgeFormat.columnsPerLine)
            text += String(decoding: body[offset..<end], as: UTF8.self) + "\n"
            offset += AgeFormat.columnsPerLine
        } while offset <= body.count
        return text
    }
}
