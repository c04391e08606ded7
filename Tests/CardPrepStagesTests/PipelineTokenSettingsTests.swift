import CardPrepCrypto
import CardPrepPKCS11
import Testing

@testable import CardPrepStages

@Suite struct PipelineTokenSettingsTests {
    static let valid = """
        version: 1
        name: nightly
        inbox: /srv/inbox
        output: out
        keys:
          identity: keys/bureau.agekey
          signing: "pkcs11:token=cardprep;object=bureau-signing"
          fingerprint: keys/fingerprint.key
        pkcs11:
          module: /usr/lib/softhsm/libsofthsm2.so
          pin_file: token.pin
        stages: [ingest]
        """

    @Test func keysAreFilesOrTokenObjectsAndThePINComesFromAFile() throws {
        let definition = try PipelineDefinition.parse(text: Self.valid, file: "/etc/cardprep/nightly.yml")
        #expect(definition.signingKey == .token(try PKCS11URI("pkcs11:token=cardprep;object=bureau-signing")))
        #expect(definition.fingerprintKey == .file("/etc/cardprep/keys/fingerprint.key"))
        #expect(definition.token == TokenSettings(module: "/usr/lib/softhsm/libsofthsm2.so", pin: .file("/etc/cardprep/token.pin")))
        #expect(definition.archive == nil)
    }

    @Test func thePINMayComeFromADescriptor() throws {
        let text = Self.valid.replacingOccurrences(of: "pin_file: token.pin", with: "pin_fd: 3")
        let definition = try PipelineDefinition.parse(text: text, file: "/etc/cardprep/nightly.yml")
        #expect(definition.token?.pin == .descriptor(3))
    }

    @Test(arguments: [
        ("object=bureau-signing", "object=bureau-signing;colour=blue", 7, "unknown attribute 'colour'"),
        ("object=bureau-signing", "object=bureau-signing?pin-value=1234", 7, "'pin-value' is refused"),
        ("pin_file: token.pin", "pin_file: token.pin\n  pin_fd: 3", 12, "give pin_file or pin_fd, not both"),
        ("  pin_file: token.pin", "", 10, "the token's PIN is needed"),
        ("pin_file: token.pin", "pin_fd: 0", 11, "3 or more"),
        ("pin_file: token.pin", "pin: 1234", 11, "unknown key 'pin'"),
        ("pkcs11:\n  module: /usr/lib/softhsm/libsofthsm2.so\n  pin_file: token.pin\n", "", 7, "needs the pipeline's pkcs11 block"),
    ])
    func mistakesAreRefusedWithTheirLine(original: String, replacement: String, line: Int, reason: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try PipelineDefinition.parse(text: text, file: "nightly.yml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
        }
    }
}
