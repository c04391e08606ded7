import CardPrepCrypto
import Foundation
import Testing

/// The plugin client against scripted fake plugins: the error paths a real plugin rarely takes. The happy path runs
/// against the real `age-plugin-cardprep` and `age` in CardPrepAgePluginTests.
@Suite struct AgePluginClientTests {
    /// A folder holding `age-plugin-fake`, a shell script with `body`, to use as the plugin search path.
    private func fakePlugin(_ body: String) throws -> (folder: URL, options: AgePluginOptions) {
        let folder = try AgeTestSupport.temporaryFolder()
        let script = folder.appendingPathComponent("age-plugin-fake")
        try ("#!/bin/bash\n" + body + "\n").write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (folder, AgePluginOptions(searchPath: [folder.path], timeout: .seconds(2)))
    }

    private let recipient = AgePluginKey.recipient(plugin: "fake", data: [1, 2, 3]).text
    private let identity = AgePluginKey.identity(plugin: "fake", data: [4, 5, 6]).text

    @Test func pluginKeysNameTheirPlugin() throws {
        let parsed = try AgePluginKey(recipient)
        #expect(parsed.pluginName == "fake" && parsed.role == .recipient && parsed.data == [1, 2, 3])
        #expect(recipient.hasPrefix("age1fake1"))
        let parsedIdentity = try AgePluginKey(identity)
        #expect(parsedIdentity.pluginName == "fake" && parsedIdentity.role == .identity)
        #expect(identity.hasPrefix("AGE-PLUGIN-FAKE-1"))
        #expect(!"\(parsedIdentity)".contains(identity))
        let keys = try AgeKeyText.recipients(parsing: recipient + "\n")
        #expect(keys.first is AgePluginRecipient)
        let identities = try AgeKeyText.identities(parsing: "# token key\n" + identity + "\n")
        #expect(identities.first is AgePluginIdentity)
    }

    @Test func aMissingPluginIsNamed() throws {
        let options = AgePluginOptions(searchPath: ["/nonexistent"], timeout: .seconds(2))
        #expect(throws: AgePluginError.notFound(plugin: "fake", searched: ["/nonexistent"])) {
            _ = try AgePluginRecipient(recipient, options: options).wrap(fileKey: [UInt8](repeating: 7, count: 16))
        }
    }

    @Test func anErrorThePluginSendsBecomesATypedError() throws {
        // Reads phase 1 up to done, reports the first recipient as unusable, ends the phase.
        let (_, options) = try fakePlugin(
            """
            while read -r line; do [ "$line" = "-> done" ] && { read -r _; break; }; done
            printf -- '-> error recipient 0\\n%s\\n' "$(printf 'token not present' | base64 -w0 | tr -d =)"
            read -r _; read -r _
            printf -- '-> done\\n\\n'
            """)
        #expect(throws: AgePluginError.reported(plugin: "fake", subject: .recipient(0), message: "token not present")) {
            _ = try AgePluginRecipient(recipient, options: options).wrap(fileKey: [UInt8](repeating: 7, count: 16))
        }
    }

    @Test func aPluginThatExitsEarlyIsNamedWithItsStandardError() throws {
        let (_, options) = try fakePlugin("echo 'cannot open the token module' >&2; exit 3")
        let error = #expect(throws: AgePluginError.self) {
            _ = try AgePluginIdentity(identity, options: options).unwrap([AgeStanza(type: "X25519", arguments: ["a"], body: [1])])
        }
        guard case let .exitedEarly(plugin, status, standardError)? = error else {
            Issue.record("expected exitedEarly, got \(String(describing: error))")
            return
        }
        #expect(plugin == "fake" && status == 3)
        #expect(standardError.contains("cannot open the token module"))
    }

    @Test func aPluginThatHangsIsStoppedAfterTheTimeout() throws {
        let (_, options) = try fakePlugin("exec sleep 30")
        let started = ContinuousClock.now
        #expect(throws: AgePluginError.timedOut(plugin: "fake", seconds: 2, waitingFor: "the plugin's next command")) {
            _ = try AgePluginRecipient(recipient, options: options).wrap(fileKey: [UInt8](repeating: 7, count: 16))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func unknownCommandsAreAnsweredUnsupportedAndFileKeysArrive() throws {
        // A grease command first, then the file key; checks the client's answers.
        let (folder, options) = try fakePlugin(
            """
            while read -r line; do echo "$line" >> "$(dirname "$0")/phase1"; [ "$line" = "-> done" ] && { read -r _; break; }; done
            printf -- '-> grease-x y\\n\\n'
            read -r answer; read -r _; echo "$answer" > "$(dirname "$0")/answer"
            printf -- '-> msg\\n%s\\n' "$(printf 'touch the token' | base64 -w0 | tr -d =)"
            read -r answer; read -r _; echo "$answer" >> "$(dirname "$0")/answer"
            printf -- '-> file-key 0\\nAAECAwQFBgcICQoLDA0ODw\\n'
            read -r answer; read -r _; echo "$answer" >> "$(dirname "$0")/answer"
            printf -- '-> done\\n\\n'
            """)
        let fileKey = try AgePluginIdentity(identity, options: options).unwrap([
            AgeStanza(type: "fake", arguments: ["t"], body: [9])
        ])
        #expect(fileKey == Array(0..<16))
        let answers = try String(contentsOf: folder.appendingPathComponent("answer"), encoding: .utf8)
        #expect(answers == "-> unsupported\n-> fail\n-> ok\n")
        let phase1 = try String(contentsOf: folder.appendingPathComponent("phase1"), encoding: .utf8)
        #expect(phase1 == "-> add-identity \(identity)\n\n-> recipient-stanza 0 fake t\nCQ\n-> done\n")
    }

    @Test func aFileKeyOfTheWrongSizeBreaksTheProtocol() throws {
        let (_, options) = try fakePlugin(
            """
            while read -r line; do [ "$line" = "-> done" ] && { read -r _; break; }; done
            printf -- '-> file-key 0\\nAAEC\\n'
            read -r _; read -r _
            printf -- '-> done\\n\\n'
            """)
        #expect(throws: AgePluginError.protocolViolation(plugin: "fake", reason: "a file key of 3 bytes, not 16")) {
            _ = try AgePluginIdentity(identity, options: options).unwrap([AgeStanza(type: "fake", arguments: [], body: [])])
        }
    }
}
