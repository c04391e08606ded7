import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Testing

/// Key strings, key files, passphrases and recipient combinations.
@Suite struct AgeKeyTests {
    @Test func identityFileWithSeveralKeysAndComments() throws {
        let first = AgeX25519Identity.generate(), second = AgeX25519Identity.generate()
        let text = "# created: today\n# public key: \(first.recipient.bech32)\n\(first.bech32)\n\n  \(second.bech32)\r\n"
        let identities = try AgeKeyText.identities(parsing: text)
        #expect(identities.count == 2)
        let file = try AgeTestSupport.encrypt([1, 2, 3], to: [second.recipient])
        #expect(try AgeTestSupport.decrypt(file, with: identities) == [1, 2, 3])
    }

    @Test func badIdentityLineIsReportedWithoutTheSecret() throws {
        let good = AgeX25519Identity.generate().bech32
        var damaged = Array(good)
        damaged[30] = damaged[30] == "Q" ? "P" : "Q"
        let text = "# keys\n\(good)\n\(String(damaged))\n"
        let error = #expect(throws: AgeError.self) { try AgeKeyText.identities(parsing: text) }
        guard case .badKeyText(line: 3, _) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(!error!.description.contains(String(damaged.suffix(20))))
        #expect(throws: AgeError.self) { try AgeKeyText.identities(parsing: "# only a comment\n\n") }
        #expect(throws: AgeError.self) { try AgeKeyText.identities(parsing: good.lowercased()) }
    }

    @Test func recipientsFile() throws {
        let keys = (0..<3).map { _ in AgeX25519Identity.generate() }
        let text = "# team\n" + keys.map(\.recipient.bech32).joined(separator: "\n\n") + "\n"
        let recipients = try AgeKeyText.recipients(parsing: text)
        #expect(recipients.count == 3)
        let file = try AgeTestSupport.encrypt([9], to: recipients)
        for key in keys { #expect(try AgeTestSupport.decrypt(file, with: [key]) == [9]) }
        #expect(throws: AgeError.badKeyText(line: 2, reason: "not an age1… recipient")) {
            try AgeKeyText.recipients(parsing: "\nssh-ed25519 AAAA\n")
        }
        #expect(throws: AgeError.self) { try AgeX25519Recipient(bech32: keys[0].recipient.bech32.uppercased()) }
        #expect(throws: AgeError.self) { try AgeX25519Recipient(bech32: String(keys[0].recipient.bech32.dropLast())) }
    }

    @Test func passphraseRoundTrip() throws {
        let recipient = try AgeScryptRecipient(passphrase: "correct horse", workFactor: 10)
        let plaintext = AgeTestSupport.randomBytes(70_000)
        let file = try AgeTestSupport.encrypt(plaintext, to: [recipient], armored: true)
        #expect(try AgeTestSupport.decrypt(file, with: [try AgeScryptIdentity(passphrase: "correct horse")]) == plaintext)
        #expect(throws: AgeError.noIdentityMatched) {
            try AgeTestSupport.decrypt(file, with: [try AgeScryptIdentity(passphrase: "wrong horse")])
        }
        #expect(throws: AgeError.noIdentityMatched) { try AgeTestSupport.decrypt(file, with: [AgeX25519Identity.generate()]) }
    }

    @Test func passphraseWorkFactorIsBounded() throws {
        let file = try AgeTestSupport.encrypt([1], to: [try AgeScryptRecipient(passphrase: "pw", workFactor: 12)])
        #expect(throws: AgeError.scryptWorkFactorTooHigh(workFactor: 12, maximum: 11)) {
            try AgeTestSupport.decrypt(file, with: [try AgeScryptIdentity(passphrase: "pw", maxWorkFactor: 11)])
        }
        #expect(throws: AgeError.self) { try AgeScryptRecipient(passphrase: "pw", workFactor: 31) }
        #expect(throws: AgeError.self) { try AgeScryptRecipient(passphrase: "", workFactor: 10) }
    }

    @Test func passphraseRecipientMustBeAlone() throws {
        let scrypt = try AgeScryptRecipient(passphrase: "pw", workFactor: 10)
        #expect(throws: AgeError.self) {
            try AgeTestSupport.encrypt([1], to: [scrypt, AgeX25519Identity.generate().recipient])
        }
        #expect(throws: AgeError.badRecipients(reason: "no recipient given")) { try AgeTestSupport.encrypt([1], to: []) }
    }

    @Test func printingKeysNeverShowsSecrets() throws {
        let identity = AgeX25519Identity.generate()
        let secretPart = String(identity.bech32.dropFirst(16).prefix(20))
        for text in [String(describing: identity), String(reflecting: identity), "\([identity] as [any AgeIdentity])"] {
            #expect(!text.contains(secretPart))
            #expect(text.contains(identity.recipient.bech32))
        }
        let passphrase = try AgeScryptIdentity(passphrase: "hunter2-secret")
        #expect(!String(describing: passphrase).contains("hunter2"))
        #expect(!String(reflecting: try AgeScryptRecipient(passphrase: "hunter2-secret", workFactor: 10)).contains("hunter2"))
    }

    @Test func sinkRefusesWritesAfterFinish() throws {
        let sink = try AgeEncryptingSink(wrapping: MemoryByteSink(), recipients: [AgeX25519Identity.generate().recipient], armored: false)
        _ = try sink.finish()
        #expect(throws: AgeError.sinkFinished) { try sink.write([1]) }
        #expect(throws: AgeError.sinkFinished) { try sink.finish() }
    }
}
