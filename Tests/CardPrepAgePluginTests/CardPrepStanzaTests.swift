import CardPrepCrypto
import Crypto
import Testing

@testable import CardPrepAgePlugin

@Suite struct CardPrepStanzaTests {
    let key = InMemoryP256Key()
    let fileKey: [UInt8] = Array(100..<116)

    @Test func aStanzaOpensWithTheRecipientsKeyOnly() throws {
        let stanzas = try CardPrepRecipient(publicKey: key.publicKey).wrap(fileKey: fileKey)
        #expect(stanzas.count == 1 && stanzas[0].type == "cardprep-p256" && stanzas[0].arguments.count == 2)
        #expect(stanzas[0].body.count == 32)
        let parsed = try CardPrepP256Stanza.parse(stanzas[0])
        #expect(parsed.tag == CardPrepP256Stanza.tag(of: key.publicKey))
        #expect(try CardPrepP256Stanza.unwrap(parsed, with: key) == fileKey)
        #expect(try CardPrepP256Stanza.unwrap(parsed, with: InMemoryP256Key()) == nil)
    }

    @Test func anAlteredBodyDoesNotOpen() throws {
        var stanza = try CardPrepRecipient(publicKey: key.publicKey).wrap(fileKey: fileKey)[0]
        stanza.body[3] ^= 1
        #expect(try CardPrepP256Stanza.unwrap(try CardPrepP256Stanza.parse(stanza), with: key) == nil)
    }

    @Test(arguments: [
        (["AAAAAA"], 32, "expected 2 arguments, got 1"),
        (["AAAA", "AAAA"], 32, "the tag is not 4 bytes of canonical base64"),
        (["AAAAAA", "AAAA"], 32, "the share is not a compressed P-256 point"),
    ])
    func malformedStanzasAreNamed(arguments: [String], bodySize: Int, reason: String) {
        let stanza = AgeStanza(type: "cardprep-p256", arguments: arguments, body: [UInt8](repeating: 0, count: bodySize))
        #expect(throws: CardPrepP256StanzaError.invalid(reason)) { _ = try CardPrepP256Stanza.parse(stanza) }
    }

    @Test func recipientTextRoundTrips() throws {
        let recipient = CardPrepRecipient(publicKey: key.publicKey)
        #expect(recipient.text.hasPrefix("age1cardprep1"))
        #expect(try CardPrepRecipient(recipient.text) == recipient)
        #expect(throws: CardPrepPluginError.self) { _ = try CardPrepRecipient("age1cardprep1qqqqqqqqqqqqqqqqqqqq") }
        let x25519 = AgeX25519Identity.generate().recipient.bech32
        #expect(throws: CardPrepPluginError.badRecipient("not an age1cardprep1… recipient")) { _ = try CardPrepRecipient(x25519) }
    }

    @Test func identityTextHoldsTheKeysReferenceNotTheKey() throws {
        let made = try identity(for: key)
        #expect(made.text.hasPrefix("AGE-PLUGIN-CARDPREP-1"))
        let parsed = try CardPrepIdentity(made.text)
        #expect(parsed == made)
        #expect(parsed.location.keyURI == "pkcs11:token=test;object=intake")
        #expect(parsed.location.modulePath == "/nonexistent/module.so")
        #expect(parsed.location.pinFile == "/nonexistent/pin")
        #expect(parsed.recipient == CardPrepRecipient(publicKey: key.publicKey))
    }

    @Test(arguments: [
        (
            "pkcs11:token=t;object=k?module-path=/m.so",
            "pin-source=file:/path is needed (an owner-only file holding the user PIN)"
        ),
        (
            "pkcs11:token=t;object=k?pin-source=file:/p",
            "module-path=/path/to/module.so is needed (the PKCS#11 module that reaches the token)"
        ),
        (
            "pkcs11:token=t?module-path=/m.so&pin-value=1234",
            "pin-value is refused: the PIN comes from a file named by pin-source"
        ),
        ("pkcs11:token=t?module-path=/m.so&pin-source=pin.txt", "pin-source must name a file by its absolute path (file:/path)"),
        ("file:/x", "a token key URI starts with pkcs11:"),
    ])
    func keyURIsWithoutModuleOrPINFileAreRefused(text: String, reason: String) {
        #expect(throws: CardPrepPluginError.badKeyURI(reason)) { _ = try TokenKeyLocation(text) }
    }
}
