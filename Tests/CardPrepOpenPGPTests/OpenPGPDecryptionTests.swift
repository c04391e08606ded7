import CardPrepIO
import CardPrepOpenPGP
import Foundation
import OpenPGPTestSupport
import Testing

@Suite(.enabled(if: OpenPGPTool.isInstalled("gpg"), "needs gpg (gnupg)"))
struct OpenPGPDecryptionTests {
    @Test(arguments: [false, true])
    func decryptsWhatGpgEncryptedToTheBureau(armored: Bool) throws {
        let parties = try OpenPGPTestParties()
        let plaintext = OpenPGPTestParties.cardData(lines: 500)
        var source = MemoryByteSource(try parties.encryptedByBank(plaintext, armored: armored))
        var sink = MemoryByteSink()
        let result = try parties.bureauKey(armored: !armored).decrypt(from: &source, into: &sink)
        #expect(sink.bytes == plaintext)
        #expect(["cfb-mdc", "aead-ocb", "aead-eax"].contains(result.protection))
    }

    @Test func aPassphraseFromTheBureauUnlocksItsProtectedKey() throws {
        let parties = try OpenPGPTestParties(bureauPassphrase: "correct horse")
        let plaintext = OpenPGPTestParties.cardData(lines: 3)
        var source = MemoryByteSource(try parties.encryptedByBank(plaintext))
        var sink = MemoryByteSink()
        _ = try parties.bureauKey(passphrase: "correct horse", exportPassphrase: "correct horse").decrypt(from: &source, into: &sink)
        #expect(sink.bytes == plaintext)
        #expect { try parties.bureauKey(exportPassphrase: "correct horse") } throws: { error in
            if case .passphraseNeeded = error as? OpenPGPError { true } else { false }
        }
        #expect { try parties.bureauKey(passphrase: "wrong", exportPassphrase: "correct horse") } throws: { error in
            if case .wrongPassphrase = error as? OpenPGPError { true } else { false }
        }
    }

    @Test func aMessageForAnotherKeyIsNotForTheBureau() throws {
        let parties = try OpenPGPTestParties()
        let stranger = try GnuPGHome()
        try stranger.generateKey("Stranger <someone@elsewhere.test>")
        try parties.bank.importKeys(try stranger.exportPublicKey("someone@elsewhere.test"))
        let ciphertext = try parties.bank.encrypt([1, 2, 3], to: "someone@elsewhere.test")
        let error = try decryptionError(ciphertext, parties)
        guard case let .notForThisKey(recipients) = error else { Issue.record("\(error)"); return }
        #expect(recipients.count == 1)
    }

    @Test(arguments: [0.5, 0.97])
    func aFlippedByteFailsTheIntegrityCheck(at fraction: Double) throws {
        let parties = try OpenPGPTestParties()
        var ciphertext = try parties.encryptedByBank(OpenPGPTestParties.cardData(lines: 2000), options: ["--compress-algo", "none"])
        ciphertext[Int(Double(ciphertext.count) * fraction)] ^= 0x01
        let error = try decryptionError(ciphertext, parties)
        guard case .integrityFailed = error else { Issue.record("\(error)"); return }
    }

    @Test func aTruncatedMessageFailsTheIntegrityCheck() throws {
        let parties = try OpenPGPTestParties()
        let ciphertext = try parties.encryptedByBank(OpenPGPTestParties.cardData(lines: 2000))
        let error = try decryptionError(Array(ciphertext.dropLast(40)), parties)
        guard case .integrityFailed = error else { Issue.record("\(error)"); return }
    }

    @Test(arguments: [["--store"], ["--sign", "--passphrase", ""], ["--symmetric", "--passphrase", "secret"]])
    func dataNotEncryptedToAPublicKeyIsRefused(gpgCommand: [String]) throws {
        let parties = try OpenPGPTestParties()
        let message = try parties.bank.gpg(gpgCommand, input: OpenPGPTestParties.cardData(lines: 3))
        let error = try decryptionError(message, parties)
        guard case .notEncrypted = error else { Issue.record("\(error)"); return }
    }

    @Test func aLegacyMessageWithoutIntegrityProtectionIsRefused() throws {
        let parties = try OpenPGPTestParties()
        let legacy = try parties.encryptedByBank(OpenPGPTestParties.cardData(lines: 3), options: ["--rfc2440", "--cipher-algo", "CAST5"])
        let error = try decryptionError(legacy, parties)
        guard case let .integrityUnprotected(protection) = error else { Issue.record("\(error)"); return }
        #expect(protection == "cfb")
    }

    @Test func aFailingSinkIsAStreamError() throws {
        let parties = try OpenPGPTestParties()
        var source = MemoryByteSource(try parties.encryptedByBank(OpenPGPTestParties.cardData(lines: 100)))
        var sink = FullDisk()
        #expect { try parties.bureauKey().decrypt(from: &source, into: &sink) } throws: { error in
            if case let .stream(_, underlying) = error as? OpenPGPError { underlying as? ByteStreamError != nil } else { false }
        }
    }

    @Test(.enabled(if: OpenPGPTool.isInstalled("sqop"), "needs sqop"), arguments: [false, true])
    func decryptsWhatSequoiaEncryptedToAKeySequoiaMade(armored: Bool) throws {
        let folder = try GnuPGHome()
        let key = try Sqop.generateKey("Bureau <bureau@cardprep.test>")
        let certFile = folder.path + "/bureau.cert"
        try Data(try Sqop.extractCert(key)).write(to: URL(fileURLWithPath: certFile))
        let plaintext = OpenPGPTestParties.cardData(lines: 300)
        var source = MemoryByteSource(try Sqop.encrypt(plaintext, certFile: certFile, armored: armored))
        var sink = MemoryByteSink()
        _ = try OpenPGPDecryptionKey(keyMaterial: key, passphrase: nil).decrypt(from: &source, into: &sink)
        #expect(sink.bytes == plaintext)
    }

    private func decryptionError(_ message: [UInt8], _ parties: OpenPGPTestParties) throws -> OpenPGPError {
        var source = MemoryByteSource(message)
        var sink = MemoryByteSink()
        let key = try parties.bureauKey()
        do {
            _ = try key.decrypt(from: &source, into: &sink)
        } catch {
            return error
        }
        Issue.record("decryption succeeded")
        return .noKey(what: "none: decryption succeeded")
    }
}

/// A sink whose disk is full.
struct FullDisk: ByteSink {
    mutating func write(_ bytes: [UInt8]) throws { throw ByteStreamError.write(path: "/full", errno: ENOSPC) }
}
