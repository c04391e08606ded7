import CardPrepCore
import CardPrepIO
import Foundation
import Testing

@testable import CardPrepCrypto

@Suite("allowed_signers")
struct SSHAllowedSignersTests {
    static let key = SSHEd25519SigningKey.generate().publicKey
    static let other = SSHEd25519SigningKey.generate().publicKey
    static let line = key.authorizedKeyLine(comment: "qa key")
    static let otherLine = other.authorizedKeyLine(comment: nil)

    static let patternCases: [(pattern: String, subject: String, matches: Bool)] = [
        ("alice@example.com", "alice@example.com", true),
        ("alice@example.com", "Alice@example.com", false),
        ("*@example.com", "bob@example.com", true),
        ("*@example.com", "bob@example.org", false),
        ("b?b@*", "bob@x", true),
        ("b?b@*", "bb@x", false),
        ("a*b*c", "aXXbYYbZc", true),
        ("a*b*c", "aXXbYYbZ", false),
        ("*", "", true),
        ("x,y,z", "y", true),
        ("*@example.com,!mallory@*", "mallory@example.com", false),
        ("!mallory@*", "alice@example.com", false),
        ("cardprep-*", "cardprep-manifest", true),
        ("", "anything", false),
    ]

    @Test(arguments: patternCases)
    func patternListsMatchLikeOpenSSH(pattern: String, subject: String, matches: Bool) {
        #expect(SSHPatternList(pattern).matches(subject) == matches)
    }

    @Test func parsesPrincipalsOptionsAndComments() throws {
        let text = """
            # signers for the demo bureau

            qa@bureau.example,ops@bureau.example \(Self.line)
            \t*@vault.example NAMESPACES="cardprep-bundle,cardprep-report" \(Self.otherLine)
            "quoted principal" namespaces="a\\"b" \(Self.otherLine)
            """
        let signers = try AllowedSigners(parsing: text)
        #expect(signers.entries.count == 3)
        #expect(signers.skipped.isEmpty)
        #expect(signers.entries[0].lineNumber == 3)
        #expect(signers.entries[0].principals == SSHPatternList("qa@bureau.example,ops@bureau.example"))
        #expect(signers.entries[0].namespaces == nil)
        #expect(signers.entries[1].namespaces == SSHPatternList("cardprep-bundle,cardprep-report"))
        #expect(signers.entries[2].principals.text == "quoted principal")
        #expect(signers.entries[2].namespaces?.text == "a\"b")

        #expect(signers.keys(forPrincipal: "ops@bureau.example", namespace: "anything") == [Self.key])
        #expect(signers.keys(forPrincipal: "clerk@vault.example", namespace: "cardprep-bundle") == [Self.other])
        #expect(signers.keys(forPrincipal: "clerk@vault.example", namespace: "file").isEmpty)
        #expect(signers.keys(forPrincipal: "stranger@elsewhere", namespace: "file").isEmpty)
        #expect(signers.principals(for: Self.other, namespace: "cardprep-report").map(\.text) == ["*@vault.example"])
    }

    @Test func certificateAuthoritiesAndOtherKeyTypesAreSetAsideWithReasons() throws {
        let rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQ=="
        let text = """
            *@bureau.example cert-authority \(Self.line)
            *@bureau.example \(rsa) old key
            alice@bureau.example \(Self.otherLine)
            """
        let signers = try AllowedSigners(parsing: text)
        #expect(signers.skipped == [
            .init(lineNumber: 1, reason: .certificateAuthority),
            .init(lineNumber: 2, reason: .unsupportedKeyType("ssh-rsa")),
        ])
        #expect(signers.keys(forPrincipal: "alice@bureau.example", namespace: "file") == [Self.other])
        #expect(AllowedSigners.SkipReason.certificateAuthority.description.contains("cert-authority"))
    }

    @Test func validityWindowsFollowTheClock() throws {
        let text = "a@x valid-after=\"20240101Z\",valid-before=\"202406301200Z\" \(Self.line)"
        let signers = try AllowedSigners(parsing: text)
        let entry = try #require(signers.entries.first)
        let utc = TimeZone(identifier: "UTC")!
        let calendar = { var c = Calendar(identifier: .gregorian); c.timeZone = utc; return c }()
        func date(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0) -> Date {
            calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h))!
        }
        #expect(entry.validAfter == date(2024, 1, 1))
        #expect(entry.validBefore == date(2024, 6, 30, 12))
        #expect(signers.keys(forPrincipal: "a@x", namespace: "n", at: date(2023, 12, 31)).isEmpty)
        #expect(signers.keys(forPrincipal: "a@x", namespace: "n", at: date(2024, 3, 1)) == [Self.key])
        #expect(signers.keys(forPrincipal: "a@x", namespace: "n", at: date(2024, 7, 1)).isEmpty)
    }

    static let badLines: [(String, AllowedSignersError)] = [
        ("alice@x", .missingKey(line: 1)),
        ("alice@x namespaces=\"file\"", .missingKey(line: 1)),
        ("\"alice@x \(line)", .unterminatedQuote(line: 1)),
        ("alice@x namespaces=\"file \(line)", .unterminatedQuote(line: 1)),
        ("alice@x no-touch-required \(line)", .unsupportedOption(line: 1, option: "no-touch-required")),
        ("alice@x namespaces=file \(line)", .malformedOptions(line: 1, reason: "an option value is not quoted")),
        ("alice@x namespaces=\"a\",namespaces=\"b\" \(line)",
         .malformedOptions(line: 1, reason: "namespaces given twice")),
        ("alice@x cert-authority, \(line)", .malformedOptions(line: 1, reason: "the options end with a comma")),
        ("alice@x valid-after=\"2024\" \(line)", .invalidTime(line: 1, value: "2024")),
        ("alice@x valid-after=\"20241301\" \(line)", .invalidTime(line: 1, value: "20241301")),
        ("alice@x valid-after=\"20250101\",valid-before=\"20240101\" \(line)",
         .malformedOptions(line: 1, reason: "valid-before is not after valid-after")),
        ("alice@x ssh-ed25519 AAAA!", .invalidKey(line: 1, reason: "malformed SSH public key: the key is not base64")),
    ]

    @Test(arguments: badLines)
    func malformedLinesAreRefusedWithTheirLineNumber(line: String, expected: AllowedSignersError) {
        #expect(throws: expected) { try AllowedSigners(parsing: line) }
        let shifted = "# header\n" + line
        #expect(throws: AllowedSignersError.self) { try AllowedSigners(parsing: shifted) }
        #expect(!expected.description.isEmpty)
    }

    @Test func verifyThroughAllowedSigners() throws {
        let signing = SSHEd25519SigningKey.generate()
        let text = "qa@bureau.example namespaces=\"cardprep-report\" \(signing.publicKey.authorizedKeyLine(comment: nil))"
        let signers = try AllowedSigners(parsing: text)
        let report = Array("<html>acceptance</html>".utf8)
        let signature = try SSHSignature.sign(report, namespace: "cardprep-report", with: signing)
        var source = MemoryByteSource(report)
        #expect(try SSHSignature.verify(
            signature, message: &source, namespace: "cardprep-report", principal: "qa@bureau.example",
            allowedSigners: signers) == signing.publicKey)
        var again = MemoryByteSource(report)
        #expect(throws: SSHSignatureError.unknownKey(fingerprint: signing.publicKey.fingerprint)) {
            try SSHSignature.verify(
                signature, message: &again, namespace: "cardprep-report", principal: "ops@bureau.example",
                allowedSigners: signers)
        }
    }
}
