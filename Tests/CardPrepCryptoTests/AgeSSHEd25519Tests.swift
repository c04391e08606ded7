import CardPrepCore
import Crypto
import Foundation
import Testing

@testable import CardPrepCrypto

/// age's `ssh-ed25519` recipient type, against the `age` tool and keys from `ssh-keygen`, in both directions.
@Suite(
    .enabled(
        if: AgeTestSupport.hasExecutable("/usr/bin/age") && SSHKeygenFolder.isAvailable, "age or ssh-keygen is not installed"))
struct AgeSSHEd25519Tests {
    static let age = "/usr/bin/age"

    @Test(arguments: [0, 1, 64 * 1024 + 1])
    func cardPrepOpensWhatAgeEncryptsToAnSSHKey(size: Int) throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.generateKey("alice", comment: "alice@test").status == 0)
        let plaintext = AgeTestSupport.randomBytes(size)
        let encrypted = try AgeTestSupport.run(Self.age, ["-R", folder.file("alice.pub")], input: plaintext)
        #expect(encrypted.status == 0, "age -R failed: \(encrypted.error)")
        #expect(String(decoding: encrypted.output.prefix(200), as: UTF8.self).contains("-> ssh-ed25519 "))
        let identity = try AgeSSHEd25519Identity(openSSHPrivateKey: try folder.read("alice"))
        #expect(try AgeTestSupport.decrypt(encrypted.output, with: [identity]) == plaintext)
    }

    @Test(arguments: [false, true])
    func ageOpensWhatCardPrepEncryptsToAnSSHKey(armored: Bool) throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.generateKey("carol", comment: "carol@test").status == 0)
        #expect(try folder.generateKey("dave", comment: "dave@test").status == 0)
        let recipients = try ["carol", "dave"].map {
            try AgeSSHEd25519Recipient(publicKey: try SSHEd25519PublicKey(authorizedKeyLine: try folder.read("\($0).pub")))
        }
        let plaintext = AgeTestSupport.randomBytes(3000)
        let file = try AgeTestSupport.encrypt(plaintext, to: recipients, armored: armored)
        for person in ["carol", "dave"] {
            let decrypted = try AgeTestSupport.run(Self.age, ["-d", "-i", folder.file(person)], input: file)
            #expect(decrypted.status == 0, "age -d -i \(person) failed: \(decrypted.error)")
            #expect(decrypted.output == plaintext)
        }
    }

    @Test func anotherKeyDoesNotOpenIt() throws {
        let folder = try SSHKeygenFolder()
        #expect(try folder.generateKey("alice", comment: "alice").status == 0)
        #expect(try folder.generateKey("erin", comment: "erin").status == 0)
        let encrypted = try AgeTestSupport.run(Self.age, ["-R", folder.file("alice.pub")], input: [1, 2, 3])
        let erin = try AgeSSHEd25519Identity(openSSHPrivateKey: try folder.read("erin"))
        #expect(throws: AgeError.noIdentityMatched) { try AgeTestSupport.decrypt(encrypted.output, with: [erin]) }
    }
}

/// The Ed25519 → X25519 map, without external tools.
struct Ed25519ToX25519Tests {
    @Test func theBasePointMapsToNine() {
        // y = 4/5 is the Ed25519 base point; its Montgomery u-coordinate is 9, X25519's base point.
        let basePoint: [UInt8] = [0x58] + [UInt8](repeating: 0x66, count: 31)
        #expect(Ed25519ToX25519.montgomery(fromEdwards: basePoint) == [9] + [UInt8](repeating: 0, count: 31))
    }

    @Test func theMappedKeyIsTheX25519KeyOfTheSameSecret() throws {
        for _ in 0..<20 {
            let signing = SSHEd25519SigningKey.generate()
            let scalar = Array(Array(SHA512.hash(data: signing.seed)).prefix(32))
            let x25519 = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: scalar).publicKey.rawRepresentation
            #expect(Ed25519ToX25519.montgomery(fromEdwards: signing.publicKey.rawRepresentation) == [UInt8](x25519))
        }
    }

    @Test func bytesOffTheCurveAreRefused() {
        let refused = (2...40).filter { value in
            Ed25519ToX25519.montgomery(fromEdwards: [UInt8(value)] + [UInt8](repeating: 0, count: 31)) == nil
        }
        #expect(!refused.isEmpty)
        #expect(refused.count < 39)
    }
}
