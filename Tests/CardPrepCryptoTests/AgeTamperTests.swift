import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Testing

/// Wrong keys, truncation and altered bytes each give their own `AgeError`, and no unauthenticated plaintext.
@Suite struct AgeTamperTests {
    let identity = AgeX25519Identity.generate()
    let plaintext = AgeTestSupport.randomBytes(2 * 64 * 1024 + 100)

    private func file(armored: Bool = false) throws -> [UInt8] {
        try AgeTestSupport.encrypt(plaintext, to: [identity.recipient], armored: armored)
    }

    /// Where the payload starts: after the MAC line and the 16-byte nonce.
    private func payloadOffset(_ file: [UInt8]) -> Int {
        let macLine = file.indices.first { file[$0...].starts(with: Array("\n---".utf8)) }!
        return file[(macLine + 1)...].firstIndex(of: 0x0A)! + 1 + 16
    }

    @Test func roundTrips() throws {
        #expect(try AgeTestSupport.decrypt(try file(), with: [identity]) == plaintext)
        #expect(try AgeTestSupport.decrypt(try file(armored: true), with: [identity]) == plaintext)
    }

    @Test func wrongKeyMatchesNoIdentity() throws {
        let other = AgeX25519Identity.generate()
        #expect(throws: AgeError.noIdentityMatched) { try AgeTestSupport.decrypt(try file(), with: [other]) }
        #expect(throws: AgeError.noIdentityMatched) { try AgeTestSupport.decrypt(try file(), with: []) }
    }

    @Test func alteredMACFailsTheHeaderCheck() throws {
        var bytes = try file()
        let mac = payloadOffset(bytes) - 16 - 44
        bytes[mac] = bytes[mac] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: AgeError.headerMACMismatch) { try AgeTestSupport.decrypt(bytes, with: [identity]) }
    }

    @Test func addedStanzaFailsTheHeaderCheck() throws {
        let bytes = try file()
        let macLine = bytes.indices.first { bytes[$0...].starts(with: Array("\n---".utf8)) }! + 1
        let altered = Array(bytes[..<macLine]) + Array("-> grease\n\n".utf8) + Array(bytes[macLine...])
        #expect(throws: AgeError.headerMACMismatch) { try AgeTestSupport.decrypt(altered, with: [identity]) }
    }

    @Test func alteredVersionIsAHeaderFailure() throws {
        var bytes = try file()
        bytes[20] = UInt8(ascii: "2")
        let error = #expect(throws: AgeError.self) { try AgeTestSupport.decrypt(bytes, with: [identity]) }
        #expect(error?.kind == .header)
    }

    @Test(arguments: [0, 1, 2])
    func flippedPayloadByteFailsItsChunk(chunk: Int) throws {
        var bytes = try file()
        bytes[payloadOffset(bytes) + chunk * (64 * 1024 + 16) + 5] ^= 0x01
        let source = try AgeDecryptingSource(wrapping: MemoryByteSource(bytes), identities: [identity])
        var released: [UInt8] = []
        #expect(throws: AgeError.payloadAuthenticationFailed(chunk: chunk)) {
            while true {
                let piece = try source.read(upTo: 64 * 1024)
                if piece.isEmpty { break }
                released += piece
            }
        }
        // Only the chunks before the altered one were released.
        #expect(released == Array(plaintext.prefix(chunk * 64 * 1024)))
        #expect(throws: AgeError.payloadAuthenticationFailed(chunk: chunk)) { try source.read(upTo: 1) }
    }

    @Test func droppedFinalChunkIsTruncation() throws {
        let bytes = try file()
        let cut = Array(bytes.prefix(payloadOffset(bytes) + 2 * (64 * 1024 + 16)))
        #expect(throws: AgeError.payloadTruncated(chunk: 2)) { try AgeTestSupport.decrypt(cut, with: [identity]) }
    }

    @Test func cutFinalChunkFailsAuthentication() throws {
        let bytes = try file()
        #expect(throws: AgeError.payloadAuthenticationFailed(chunk: 2)) {
            try AgeTestSupport.decrypt(Array(bytes.dropLast()), with: [identity])
        }
    }

    @Test func cutHeaderIsAHeaderFailure() throws {
        let bytes = try file()
        let error = #expect(throws: AgeError.self) {
            try AgeTestSupport.decrypt(Array(bytes.prefix(payloadOffset(bytes) - 30)), with: [identity])
        }
        #expect(error?.kind == .header)
    }

    @Test func trailingDataIsRefused() throws {
        let bytes = try file() + [0]
        let error = #expect(throws: AgeError.self) { try AgeTestSupport.decrypt(bytes, with: [identity]) }
        #expect(error?.kind == .payload)
    }

    @Test func alteredArmorIsAnArmorFailure() throws {
        var bytes = try file(armored: true)
        bytes.insert(UInt8(ascii: " "), at: 40)
        let error = #expect(throws: AgeError.self) { try AgeTestSupport.decrypt(bytes, with: [identity]) }
        #expect(error?.kind == .armor)
    }

    @Test func armorHasSixtyFourColumnLines() throws {
        let lines = String(decoding: try file(armored: true), as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "-----BEGIN AGE ENCRYPTED FILE-----")
        #expect(lines.last == "-----END AGE ENCRYPTED FILE-----")
        #expect(lines.dropFirst().dropLast(2).allSatisfy { $0.count == 64 })
        #expect(lines.dropLast().last!.count <= 64)
    }
}
