import CardPrepCrypto
import Foundation
import Glibc
import Testing

@testable import CardPrepAgePlugin

/// The plugin's state machines driven in-process over pipes, the test playing the age client.
@Suite struct StateMachineTests {
    /// Runs `machine` on a thread of its own with its ends of two pipes; returns the client's connection.
    private final class Conversation: @unchecked Sendable {
        let client: AgePluginConnection
        private let toPlugin: [Int32], toClient: [Int32]
        private let finished = DispatchSemaphore(value: 0)

        init(_ machine: @escaping @Sendable (AgePluginConnection) throws -> Void) {
            var a: [Int32] = [0, 0], b: [Int32] = [0, 0]
            _ = pipe(&a); _ = pipe(&b)
            toPlugin = a; toClient = b
            client = AgePluginConnection(reading: b[0], writing: a[1], timeout: .seconds(10))
            let (pluginInput, pluginOutput) = (a[0], b[1])
            let done = finished
            Thread {
                try? machine(AgePluginConnection(reading: pluginInput, writing: pluginOutput, timeout: .seconds(10)))
                done.signal()
            }.start()
        }

        /// Sends phase 1, then answers `ok` to every command of phase 2 and returns them.
        func exchange(_ phaseOne: [AgeStanza]) throws -> [AgeStanza] {
            for stanza in phaseOne { try client.send(stanza) }
            try client.send("done")
            var received: [AgeStanza] = []
            while true {
                let command = try client.receive()
                if command.type == "done" { break }
                received.append(command)
                try client.send("ok")
            }
            _ = finished.wait(timeout: .now() + 10)
            for fd in toPlugin + toClient { close(fd) }
            return received
        }
    }

    let key = InMemoryP256Key()

    private func identityMachine(opening keys: [String: InMemoryP256Key], opened: OpenCount? = nil)
        -> @Sendable (AgePluginConnection) throws -> Void
    {
        { connection in
            try IdentityStateMachine(connection: connection) { location in
                opened?.add()
                guard let key = keys[location.keyURI] else {
                    throw CardPrepPluginError.token(uri: location.keyURI, reason: "C_Login failed with CKR_PIN_INCORRECT")
                }
                return key
            }.run()
        }
    }

    @Test func recipientV1WrapsEveryFileKeyToEveryRecipient() throws {
        let recipient = CardPrepRecipient(publicKey: key.publicKey).text
        let other = InMemoryP256Key()
        let conversation = Conversation { try RecipientStateMachine(connection: $0).run() }
        let commands = try conversation.exchange([
            AgeStanza(type: "add-recipient", arguments: [recipient], body: []),
            AgeStanza(type: "grease-ignored", arguments: ["x"], body: [1, 2]),
            AgeStanza(type: "add-identity", arguments: [try identity(for: other).text], body: []),
            AgeStanza(type: "wrap-file-key", arguments: [], body: Array(0..<16)),
        ])
        #expect(commands.map(\.type) == ["recipient-stanza", "recipient-stanza"])
        #expect(commands.allSatisfy { $0.arguments[0] == "0" && $0.arguments[1] == "cardprep-p256" })
        let stanza = AgeStanza(
            type: "cardprep-p256", arguments: Array(commands[0].arguments.dropFirst(2)), body: commands[0].body)
        #expect(try CardPrepP256Stanza.unwrap(try CardPrepP256Stanza.parse(stanza), with: key) == Array(0..<16))
    }

    @Test func recipientV1ReportsABadRecipientAndSendsNoStanza() throws {
        let conversation = Conversation { try RecipientStateMachine(connection: $0).run() }
        let commands = try conversation.exchange([
            AgeStanza(type: "add-recipient", arguments: [CardPrepRecipient(publicKey: key.publicKey).text], body: []),
            AgeStanza(
                type: "add-recipient", arguments: [AgePluginKey.recipient(plugin: "cardprep", data: [1, 2]).text], body: []),
            AgeStanza(type: "wrap-file-key", arguments: [], body: Array(0..<16)),
        ])
        #expect(commands.map(\.type) == ["error"])
        #expect(commands[0].arguments == ["recipient", "1"])
    }

    @Test func identityV1UnwrapsManyFilesWithOneOpeningOfTheKey() throws {
        let made = try identity(for: key)
        let opened = OpenCount()
        var phaseOne = [AgeStanza(type: "add-identity", arguments: [made.text], body: [])]
        for file in 0..<3 {
            let fileKey = [UInt8](repeating: UInt8(file), count: 16)
            let stanza = try made.recipient.wrap(fileKey: fileKey)[0]
            phaseOne.append(AgeStanza(type: "recipient-stanza", arguments: [String(file), "X25519", "abc"], body: [1]))
            phaseOne.append(
                AgeStanza(type: "recipient-stanza", arguments: [String(file), stanza.type] + stanza.arguments, body: stanza.body))
        }
        let conversation = Conversation(identityMachine(opening: [made.location.keyURI: key], opened: opened))
        let commands = try conversation.exchange(phaseOne)
        #expect(commands.map(\.type) == ["file-key", "file-key", "file-key"])
        #expect(commands.map(\.body) == (0..<3).map { [UInt8](repeating: UInt8($0), count: 16) })
        #expect(opened.count == 1)
    }

    @Test func identityV1ReportsATokenThatCannotBeOpenedOnce() throws {
        let made = try identity(for: key)
        let stanza = try made.recipient.wrap(fileKey: Array(0..<16))[0]
        let conversation = Conversation(identityMachine(opening: [:]))
        let commands = try conversation.exchange([
            AgeStanza(type: "add-identity", arguments: [made.text], body: []),
            AgeStanza(type: "recipient-stanza", arguments: ["0", stanza.type] + stanza.arguments, body: stanza.body),
            AgeStanza(type: "recipient-stanza", arguments: ["1", stanza.type] + stanza.arguments, body: stanza.body),
        ])
        #expect(commands.map(\.type) == ["error"])
        #expect(commands[0].arguments == ["identity", "0"])
        #expect(String(decoding: commands[0].body, as: UTF8.self).contains("CKR_PIN_INCORRECT"))
    }

    @Test func identityV1SaysWhenTheTokenHoldsAnotherKey() throws {
        let made = try identity(for: key)
        let stanza = try made.recipient.wrap(fileKey: Array(0..<16))[0]
        let conversation = Conversation(identityMachine(opening: [made.location.keyURI: InMemoryP256Key()]))
        let commands = try conversation.exchange([
            AgeStanza(type: "add-identity", arguments: [made.text], body: []),
            AgeStanza(type: "recipient-stanza", arguments: ["0", stanza.type] + stanza.arguments, body: stanza.body),
        ])
        #expect(commands.map(\.type) == ["error"])
        #expect(String(decoding: commands[0].body, as: UTF8.self).contains("is not the key this identity was made for"))
    }

    @Test func identityV1ReportsAMalformedStanzaAndIgnoresOthersTypes() throws {
        let made = try identity(for: key)
        let conversation = Conversation(identityMachine(opening: [made.location.keyURI: key]))
        let commands = try conversation.exchange([
            AgeStanza(type: "add-identity", arguments: [made.text], body: []),
            AgeStanza(type: "recipient-stanza", arguments: ["0", "piv-p256", "x", "y"], body: [1]),
            AgeStanza(type: "recipient-stanza", arguments: ["0", "cardprep-p256", "AAAAAA"], body: [1]),
        ])
        #expect(commands.map(\.type) == ["error"])
        #expect(commands[0].arguments == ["stanza", "0", "1"])
    }

    @Test func identityV1SendsNothingForAFileOfAnotherKey() throws {
        let made = try identity(for: key)
        let stanza = try CardPrepRecipient(publicKey: InMemoryP256Key().publicKey).wrap(fileKey: Array(0..<16))[0]
        let conversation = Conversation(identityMachine(opening: [made.location.keyURI: key]))
        let commands = try conversation.exchange([
            AgeStanza(type: "add-identity", arguments: [made.text], body: []),
            AgeStanza(type: "recipient-stanza", arguments: ["0", stanza.type] + stanza.arguments, body: stanza.body),
        ])
        #expect(commands.isEmpty)
    }
}

/// Counts how often the state machine opened a key.
final class OpenCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
