import CardPrepOpenPGP
import Foundation
import OpenPGPTestSupport
import Testing

@Suite(.enabled(if: OpenPGPTool.isInstalled("gpg"), "needs gpg (gnupg)"))
struct OpenPGPSignatureTests {
    static let manifest = Array("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  cards.csv.gpg\n".utf8)

    @Test(arguments: [false, true])
    func aDetachedSignatureByTheBankVerifies(armored: Bool) throws {
        let parties = try OpenPGPTestParties()
        let signature = try parties.bank.detachSign(Self.manifest, as: OpenPGPTestParties.bankID, armored: armored)
        let signer = try parties.bankKeys().verifyDetached(Self.manifest, signature: signature)
        #expect(signer == (try parties.bank.fingerprint(of: OpenPGPTestParties.bankID)))
    }

    @Test func aSignatureByAnotherKeyIsByAnUnknownKey() throws {
        let parties = try OpenPGPTestParties()
        // The bureau's own key is not among the bank's keys either.
        let signature = try parties.bureau.detachSign(Self.manifest, as: OpenPGPTestParties.bureauID)
        #expect { try parties.bankKeys().verifyDetached(Self.manifest, signature: signature) } throws: { error in
            if case .signatureUnknownKey = error as? OpenPGPError { true } else { false }
        }
    }

    @Test func aSignatureOverOtherBytesIsInvalid() throws {
        let parties = try OpenPGPTestParties()
        let signature = try parties.bank.detachSign(Self.manifest, as: OpenPGPTestParties.bankID)
        var altered = Self.manifest
        altered[0] = UInt8(ascii: "f")
        #expect { try parties.bankKeys().verifyDetached(altered, signature: signature) } throws: { error in
            if case .signatureInvalid = error as? OpenPGPError { true } else { false }
        }
    }

    @Test(arguments: [[UInt8](), Array("not a signature\n".utf8)])
    func bytesThatHoldNoSignatureAreNoSignature(signature: [UInt8]) throws {
        let parties = try OpenPGPTestParties()
        #expect { try parties.bankKeys().verifyDetached(Self.manifest, signature: signature) } throws: { error in
            if case .signatureMissing = error as? OpenPGPError { true } else { false }
        }
    }

    @Test func aPublicKeyFileWithoutKeysIsRefused() throws {
        #expect { try OpenPGPSignerKeys(keyMaterial: [Array("hello".utf8)]) } throws: { error in error is OpenPGPError }
    }

    @Test(.enabled(if: OpenPGPTool.isInstalled("sqop"), "needs sqop"))
    func aSignatureMadeBySequoiaVerifies() throws {
        let folder = try GnuPGHome()
        let key = try Sqop.generateKey("Bank <cards@bank.test>")
        try Data(key).write(to: URL(fileURLWithPath: folder.path + "/bank.key"))
        let signature = try Sqop.sign(Self.manifest, keyFile: folder.path + "/bank.key")
        let keys = try OpenPGPSignerKeys(keyMaterial: [try Sqop.extractCert(key)])
        #expect(try keys.verifyDetached(Self.manifest, signature: signature) == keys.fingerprints[0])
    }
}
