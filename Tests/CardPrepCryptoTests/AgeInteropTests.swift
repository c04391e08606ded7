import CardPrepCore
import CardPrepCrypto
import Foundation
import Testing

/// Round trips between CardPrep's age implementation and the `age` command-line tool, in both directions.
@Suite(.enabled(if: AgeTestSupport.hasExecutable("/usr/bin/age"), "the age tool is not installed at /usr/bin/age"))
struct AgeInteropTests {
    static let sizes = [0, 1, 1000, 64 * 1024, 64 * 1024 + 1, 3 * 64 * 1024 + 5]
    static let age = "/usr/bin/age"

    @Test(arguments: sizes, [false, true])
    func ageDecryptsWhatCardPrepEncrypts(size: Int, armored: Bool) throws {
        let folder = try AgeTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = AgeX25519Identity.generate(), second = AgeX25519Identity.generate()
        let plaintext = AgeTestSupport.randomBytes(size)
        let file = try AgeTestSupport.encrypt(plaintext, to: [first.recipient, second.recipient], armored: armored)
        #expect(file.starts(with: Array((armored ? "-----BEGIN AGE ENCRYPTED FILE-----\n" : "age-encryption.org/v1\n").utf8)))

        for identity in [first, second] {
            let keyFile = try AgeTestSupport.writeKeyFile(identity.bech32 + "\n", named: "key-\(UUID())", in: folder)
            let result = try AgeTestSupport.run(Self.age, ["-d", "-i", keyFile], input: file)
            #expect(result.status == 0, "age -d failed: \(result.error)")
            #expect(result.output == plaintext)
        }
    }

    @Test(arguments: sizes, [false, true])
    func cardPrepDecryptsWhatAgeEncrypts(size: Int, armored: Bool) throws {
        let folder = try AgeTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("keys.txt").path
        // An identity file holding two keys from age-keygen, plus comments and blank lines.
        for _ in 0..<2 {
            let generated = try AgeTestSupport.run("/usr/bin/age-keygen", [])
            #expect(generated.status == 0)
            let existing = (try? String(contentsOfFile: keyFile, encoding: .utf8)) ?? ""
            try (existing + "\n" + String(decoding: generated.output, as: UTF8.self)).write(
                toFile: keyFile, atomically: true, encoding: .utf8)
        }
        let identities = try AgeKeyText.identities(parsing: try String(contentsOfFile: keyFile, encoding: .utf8))
        #expect(identities.count == 2)
        let recipients = try publicKeys(of: keyFile)
        #expect(recipients.count == 2)

        let plaintext = AgeTestSupport.randomBytes(size)
        // Encrypt to the second key only, so that the first identity of the file does not match.
        let result = try AgeTestSupport.run(Self.age, (armored ? ["-a"] : []) + ["-r", recipients[1]], input: plaintext)
        #expect(result.status == 0, "age failed: \(result.error)")
        #expect(try AgeTestSupport.decrypt(result.output, with: identities) == plaintext)
        #expect(throws: AgeError.noIdentityMatched) { try AgeTestSupport.decrypt(result.output, with: [identities[0]]) }
    }

    @Test func recipientsMatchAgeKeygen() throws {
        let folder = try AgeTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let identity = AgeX25519Identity.generate()
        let keyFile = try AgeTestSupport.writeKeyFile(identity.bech32 + "\n", named: "key.txt", in: folder)
        #expect(try publicKeys(of: keyFile) == [identity.recipient.bech32])
        #expect(try AgeX25519Identity(bech32: identity.bech32).recipient == identity.recipient)
    }

    /// The `age1…` recipients of the identities in `keyFile`, as `age-keygen -y` prints them.
    private func publicKeys(of keyFile: String) throws -> [String] {
        let result = try AgeTestSupport.run("/usr/bin/age-keygen", ["-y", keyFile])
        #expect(result.status == 0, "age-keygen -y failed: \(result.error)")
        return String(decoding: result.output, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
