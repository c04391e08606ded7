import CardPrepCore
import Crypto
import Testing

@testable import CardPrepCrypto

@Suite struct FingerprintKeyTests {
    /// The key 00 01 02 … 1f; expected values from Python's `hmac.new(key, number, hashlib.sha256)`.
    static let keyFile = "CARDPREP-FINGERPRINT-KEY-1\n" + Hex.encode((0..<32).map { UInt8($0) }) + "\n"

    @Test(arguments: [
        ("4111111111111111", "0622241201382a45912fb22828b3f7db5153cf2072722a73ded22623ea79abc9"),
        ("5200000000000007", "d3608b679ad01f425b12d60694d3d0821892586f89df2e25c428b8285828ba46"),
    ])
    func fingerprintIsHMACSHA256OfTheDigits(number: String, expected: String) throws {
        let key = try FingerprintKey(fileText: Self.keyFile, path: "test")
        #expect(key.fingerprint(of: number).description == expected)
    }

    @Test func fingerprintsAgreeWithSwiftCryptoHMACForManyKeysAndLengths() throws {
        for _ in 0..<20 {
            let secret = SymmetricKey(size: .bits256)
            let text = "CARDPREP-FINGERPRINT-KEY-1\n" + secret.withUnsafeBytes { Hex.encode(Array($0)) } + "\n"
            let key = try FingerprintKey(fileText: text, path: "test")
            for length in 12...19 {
                let number = String((0..<length).map { _ in Character(String(Int.random(in: 0...9))) })
                let reference = Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(number.utf8), using: secret)))
                #expect(key.fingerprint(of: number).description == reference)
            }
        }
    }
}
