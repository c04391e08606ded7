import Foundation
import Testing

@testable import CardPrepStages

@Suite struct DropIntakeProfileTests {
    static let base = "customer: cust-09\nname: Test Bank\n"

    /// Writes a profile with `extra` lines (and the given files beside it) and loads it.
    func load(_ extra: String, files: [String: String] = [:]) throws -> CustomerProfile {
        let folder = NSTemporaryDirectory() + "intake-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        try (Self.base + extra).write(toFile: folder + "/cust-09.yml", atomically: true, encoding: .utf8)
        return try CustomerProfile.load(path: folder + "/cust-09.yml")
    }

    @Test func aProfileThatSaysNothingKeepsAgeAndSSHSIG() throws {
        let profile = try load("")
        #expect(profile.intake == DropIntake())
        #expect(profile.intake.cardData == .age)
        #expect(profile.intake.manifestSignature == .sshsig)
    }

    @Test(arguments: [
        ("card_data_encryption: pgp\n", "card_data_encryption"),
        ("manifest_signature: gpg\n", "manifest_signature"),
        ("manifest_signature: openpgp\n", "openpgp_signers"),
        ("manifest_signature: openpgp\nopenpgp_signers: [missing.asc]\n", "cannot read"),
        ("manifest_signature: openpgp\nopenpgp_signers: [not-a-key.asc]\n", "not-a-key.asc"),
        ("card_data_encrypton: openpgp\n", "unknown key"),
    ])
    func mistakesAreNamedWithTheirKey(extra: String, named: String) throws {
        #expect { try load(extra, files: ["not-a-key.asc": "hello\n"]) } throws: { error in
            (error as? ConfigurationError).map { "\($0)".contains(named) } ?? false
        }
    }

    @Test func cardDataEncryptionAloneNeedsNoOpenPGPSigners() throws {
        let profile = try load("card_data_encryption: openpgp\n")
        #expect(profile.intake.cardData == .openpgp)
        #expect(profile.intake.manifestSignature == .sshsig)
    }
}
