import CardPrepAgePlugin
import CardPrepCrypto
import CardPrepIO
import Foundation
import Testing

/// The real plugin against a SoftHSM2 token: stock `age` and CardPrep's own age encrypt to `age1cardprep1…` and
/// decrypt with `AGE-PLUGIN-CARDPREP-1…`, the ECDH done in the token; a wrong PIN and a wrong key are named.
@Suite(.serialized) struct TokenPluginTests {
    let token: PluginTokenWorkspace

    init() throws { token = try PluginTokenWorkspace() }

    @Test func stockAgeEncryptsToTheTokenKeyAndDecryptsWithThePluginIdentity() throws {
        let plaintext = Array("4111111111111111;JANE DOE\n".utf8)
        let recipient = try token.plugin(["--recipient-for", token.keyURI()]).output
        #expect(recipient.hasPrefix("age1cardprep1"))
        let identityFile = try token.identityFile()
        let encrypted = try token.run(
            "/usr/bin/age", ["-r", recipient.trimmingCharacters(in: .whitespacesAndNewlines)], input: plaintext)
        #expect(encrypted.status == 0, "\(encrypted.error)")
        let decrypted = try token.run("/usr/bin/age", ["-d", "-i", identityFile], input: encrypted.bytes)
        #expect(decrypted.status == 0, "\(decrypted.error)")
        #expect(decrypted.bytes == plaintext)
    }

    @Test func cardPrepEncryptsAndDecryptsThroughThePluginAndAgreesWithAge() throws {
        let plaintext = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let recipients = try AgeKeyText.recipients(
            parsing: try token.plugin(["--recipient-for", token.keyURI()]).output, plugins: token.options)
        #expect(recipients.first is AgePluginRecipient)
        let identities = try AgeKeyText.identities(
            parsing: try PrivateKeyFile.read(try token.identityFile()), plugins: token.options)
        let encrypted = try encrypt(plaintext, to: recipients)
        #expect(try decrypt(encrypted, with: identities) == plaintext)
        // age opens CardPrep's file, CardPrep opens age's.
        let byAge = try token.run("/usr/bin/age", ["-d", "-i", try token.identityFile()], input: encrypted)
        #expect(byAge.status == 0 && byAge.bytes == plaintext, "\(byAge.error)")
        let recipient = try token.plugin(["--recipient-for", token.keyURI()]).output.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let fromAge = try token.run("/usr/bin/age", ["-r", recipient], input: plaintext)
        #expect(try decrypt(fromAge.bytes, with: identities) == plaintext)
    }

    @Test func oneSessionUnwrapsTheFileKeysOfManyFiles() throws {
        let recipients = try AgeKeyText.recipients(
            parsing: try token.plugin(["--recipient-for", token.keyURI()]).output, plugins: token.options)
        let identity = try #require(
            try AgeKeyText.identities(parsing: try PrivateKeyFile.read(try token.identityFile()), plugins: token.options).first
                as? AgePluginIdentity)
        let files = try (0..<4).map { try encrypt(Array("file \($0)".utf8), to: recipients) }
        let headers = try files.map { try Age.headerStanzas(of: MemoryByteSource($0)) }
        #expect(try identity.prefetch(headers: headers) == 4)
        // From memory now: even with the plugin gone from the search path, each file opens.
        var offline = identity.options
        offline.searchPath = []
        let remembered = AgePluginIdentity(pluginName: "cardprep", identities: identity.identities, options: offline)
        for (index, file) in files.enumerated() { #expect(try decrypt(file, with: [remembered]) == Array("file \(index)".utf8)) }
    }

    @Test func aWrongPINIsReportedByThePluginWithTheTokensCode() throws {
        let recipients = try AgeKeyText.recipients(
            parsing: try token.plugin(["--recipient-for", token.keyURI()]).output, plugins: token.options)
        let encrypted = try encrypt(Array("x".utf8), to: recipients)
        let wrongPIN = try token.identityFile(
            uri: token.keyURI(pinFile: token.wrongPINFile), named: "wrong-pin.txt", madeWith: token.keyURI())
        let identities = try AgeKeyText.identities(parsing: try PrivateKeyFile.read(wrongPIN), plugins: token.options)
        let error = #expect(throws: AgePluginError.self) { _ = try decrypt(encrypted, with: identities) }
        guard case let .reported(plugin, subject, message)? = error else {
            Issue.record("expected a reported error, got \(String(describing: error))")
            return
        }
        #expect(plugin == "cardprep" && subject == .identity(0))
        #expect(message.contains("CKR_PIN_INCORRECT"), "\(message)")
        let byAge = try token.run("/usr/bin/age", ["-d", "-i", wrongPIN], input: encrypted)
        #expect(byAge.status != 0 && byAge.error.contains("CKR_PIN_INCORRECT"), "\(byAge.error)")
    }

    @Test func aTokenHoldingAnotherKeyUnderTheURIIsNamed() throws {
        let recipients = try AgeKeyText.recipients(
            parsing: try token.plugin(["--recipient-for", token.keyURI()]).output, plugins: token.options)
        let encrypted = try encrypt(Array("x".utf8), to: recipients)
        let other = try token.identityFile(uri: token.keyURI(object: "other"), named: "other.txt", madeWith: token.keyURI())
        let identities = try AgeKeyText.identities(parsing: try PrivateKeyFile.read(other), plugins: token.options)
        let error = #expect(throws: AgePluginError.self) { _ = try decrypt(encrypted, with: identities) }
        #expect("\(error.map(String.init(describing:)) ?? "")".contains("is not the key this identity was made for"))
    }

    @Test func aFileForAnotherKeyMatchesNoIdentity() throws {
        let otherRecipient = try token.plugin(["--recipient-for", token.keyURI(object: "other")]).output
        let encrypted = try encrypt(
            Array("x".utf8), to: try AgeKeyText.recipients(parsing: otherRecipient, plugins: token.options))
        let identities = try AgeKeyText.identities(
            parsing: try PrivateKeyFile.read(try token.identityFile()), plugins: token.options)
        #expect(throws: AgeError.noIdentityMatched) { _ = try decrypt(encrypted, with: identities) }
    }

    @Test func cardprepCryptoCommandsTakeThePluginRecipientAndIdentity() throws {
        let cardprep = (PluginTokenWorkspace.builtPlugin as NSString).deletingLastPathComponent + "/cardprep"
        let recipient = try token.plugin(["--recipient-for", token.keyURI()]).output.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let plaintext = Array("order 42\n".utf8)
        let encrypted = try token.run(cardprep, ["crypto", "encrypt", "-r", recipient, "-a"], input: plaintext)
        #expect(encrypted.status == 0, "\(encrypted.error)")
        let decrypted = try token.run(cardprep, ["crypto", "decrypt", "-i", try token.identityFile()], input: encrypted.bytes)
        #expect(decrypted.status == 0 && decrypted.bytes == plaintext, "\(decrypted.error)")
        let wrongPIN = try token.identityFile(
            uri: token.keyURI(pinFile: token.wrongPINFile), named: "wrong.txt", madeWith: token.keyURI())
        let refused = try token.run(cardprep, ["crypto", "decrypt", "-i", wrongPIN], input: encrypted.bytes)
        #expect(refused.status == 1)
        #expect(refused.error.contains("age plugin age-plugin-cardprep reports an error (identity 1)"), "\(refused.error)")
        #expect(refused.error.contains("CKR_PIN_INCORRECT"), "\(refused.error)")
    }

    private func encrypt(_ plaintext: [UInt8], to recipients: [any AgeRecipient]) throws -> [UInt8] {
        var source = MemoryByteSource(plaintext)
        var sink = MemoryByteSink()
        try Age.encrypt(&source, to: &sink, recipients: recipients)
        return sink.bytes
    }

    private func decrypt(_ file: [UInt8], with identities: [any AgeIdentity]) throws -> [UInt8] {
        var source = MemoryByteSource(file)
        var sink = MemoryByteSink()
        try Age.decrypt(&source, to: &sink, identities: identities)
        return sink.bytes
    }
}
