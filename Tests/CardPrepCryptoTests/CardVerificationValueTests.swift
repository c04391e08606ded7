import CardPrepCore
import CardPrepCrypto
import CardPrepPKCS11
import Foundation
import Testing

/// The Visa CVV method, in software and through SoftHSM2, against published worked examples and OpenSSL's DES.
extension TokenTests {
    @Suite struct CardVerificationValueTests {
        /// The worked example of the Visa CVV method that HSM manuals and calculators publish (the algorithm's steps as
        /// described, for example, at https://neapay.com/online-tools/calculate-cvv-cvc-icvv-cvv2-cvc2-dcvv.html):
        /// PAN 4123456789012345, expiry 8701, service code 101, CVK A 0123456789ABCDEF, CVK B FEDCBA9876543210
        /// give CVV 561 (the triple DES result is 5B614982E03C97DD).
        static let publishedKey = Hex.decode("0123456789ABCDEFFEDCBA9876543210")!

        @Test func desMatchesTheWorkedExampleOfTheStandard() throws {
            // "The DES Algorithm Illustrated" (J. Orlin Grabbe): key 133457799BBCDFF1, 0123456789ABCDEF → 85E813540F0AB405.
            let cipher = try #require(DESBlockCipher(key: Hex.decode("133457799BBCDFF1")!))
            #expect(Hex.encode(cipher.encrypt(Hex.decode("0123456789ABCDEF")!)) == "85e813540f0ab405")
            #expect(Hex.encode(cipher.decrypt(Hex.decode("85E813540F0AB405")!)) == "0123456789abcdef")
        }

        @Test func theSoftwareKeyGivesThePublishedCVV() throws {
            let key = try #require(SoftwareCardVerificationKey(key: Self.publishedKey))
            let cvv = try CardVerificationValue.compute(
                .cvv1, pan: "4123456789012345", expiry: "8701", serviceCode: "101", key: key)
            #expect(cvv == "561")
        }

        @Test func theTokenGivesThePublishedCVVAndAgreesWithOpenSSL() throws {
            let settings = try SoftHSMTestToken.settings()
            let uri = try SoftHSMTestToken.newURI("cvk")
            let (token, checkValue) = try TokenCardVerificationKey.importing(value: Self.publishedKey, as: uri, settings: settings)
            let software = try #require(SoftwareCardVerificationKey(key: Self.publishedKey))
            #expect(checkValue == software.checkValue)
            #expect(
                try CardVerificationValue.compute(.cvv1, pan: "4123456789012345", expiry: "8701", serviceCode: "101", key: token)
                    == "561")
            // Found again by its URI alone, as the pipeline finds it.
            let found = try TokenCardVerificationKey(uri, settings: settings)
            for (pan, expiry, code) in [("4123456789012345", "8701", "101"), ("4000001234567899", "2812", "201"),
                                        ("5413330089020011", "3001", "221"), ("4761739001010010014", "2912", "201")] {
                for kind in CardVerificationValueKind.allCases {
                    let expected = try OpenSSLCVV.compute(pan: pan, expiry: expiry, serviceCode: kind.serviceCode(card: code),
                                                          key: Self.publishedKey)
                    #expect(try CardVerificationValue.compute(kind, pan: pan, expiry: expiry, serviceCode: code, key: found) == expected,
                            "\(kind) of \(pan)")
                    #expect(try CardVerificationValue.compute(kind, pan: pan, expiry: expiry, serviceCode: code, key: software)
                                == expected)
                }
            }
        }

        @Test func theKeyCannotBeReadOutOfTheTokenNorImportedTwice() throws {
            let settings = try SoftHSMTestToken.settings()
            let uri = try SoftHSMTestToken.newURI("cvk-twice")
            _ = try TokenCardVerificationKey.importing(value: Self.publishedKey, as: uri, settings: settings)
            #expect(throws: TokenKeyError.self) {
                _ = try TokenCardVerificationKey.importing(value: Self.publishedKey, as: uri, settings: settings)
            }
            #expect(throws: TokenKeyError.self) {
                _ = try TokenCardVerificationKey(try SoftHSMTestToken.newURI("no-such-cvk"), settings: settings)
            }
        }

        @Test func aKeyFileReadableByOthersIsRefused() throws {
            let folder = try SSHKeygenFolder()
            let open = try folder.write("0123456789ABCDEFFEDCBA9876543210\n", to: "cvk.hex", mode: 0o644)
            #expect(throws: KeyFileError.tooOpen(path: open, mode: 0o644)) { _ = try CardVerificationKeyFile.load(open) }
            let short = try folder.write("0123456789ABCDEF\n", to: "short.hex")
            #expect(throws: KeyFileError.self) { _ = try CardVerificationKeyFile.load(short) }
            let good = try folder.write("0123456789ABCDEFFEDCBA9876543210\n", to: "good.hex")
            #expect(try CardVerificationValue.compute(.cvv1, pan: "4123456789012345", expiry: "8701", serviceCode: "101",
                                                      key: CardVerificationKeyFile.load(good)) == "561")
        }
    }
}

/// The Visa CVV method computed with the `openssl` command's DES, an implementation independent of CardPrep's.
enum OpenSSLCVV {
    static func compute(pan: String, expiry: String, serviceCode: String, key: [UInt8]) throws -> String {
        let digits = (pan + expiry + serviceCode).padding(toLength: 32, withPad: "0", startingAt: 0)
        let blocks = Hex.decode(digits)!
        let a = Hex.encode(Array(key[0..<8])), b = Hex.encode(Array(key[8..<16]))
        let first = try run(["enc", "-des-ecb", "-nopad", "-K", a, "-provider", "legacy", "-provider", "default"],
                            input: Array(blocks[0..<8]))
        let mixed = zip(first, blocks[8..<16]).map { $0 ^ $1 }
        let result = try run(["enc", "-des-ede3-ecb", "-nopad", "-K", a + b + a], input: mixed)
        return CardVerificationValue.decimalise(result, digits: 3)
    }

    private static func run(_ arguments: [String], input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, output.count == 8 else { throw OpenSSLFailure(arguments: arguments) }
        return Array(output)
    }

    struct OpenSSLFailure: Error { let arguments: [String] }
}

