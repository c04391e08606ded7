import CardPrepCrypto

/// The plugin's side of `recipient-v1`: reads the recipients, identities and file keys, then sends one
/// `cardprep-p256` stanza per file key and recipient, or errors and no stanza at all.
struct RecipientStateMachine {
    let connection: AgePluginConnection

    func run() throws(AgePluginConnectionError) {
        var recipients: [String] = [], identities: [String] = [], fileKeys: [[UInt8]] = []
        phaseOne: while true {
            let command = try connection.receive()
            switch command.type {
            case "add-recipient" where command.arguments.count == 1: recipients.append(command.arguments[0])
            case "add-identity" where command.arguments.count == 1: identities.append(command.arguments[0])
            case "wrap-file-key": fileKeys.append(command.body)
            case "done": break phaseOne
            default: continue  // grease and commands of later versions are ignored
            }
        }
        var targets: [CardPrepRecipient] = []
        var failed = false
        for (index, text) in recipients.enumerated() {
            do { targets.append(try CardPrepRecipient(text)) } catch {
                try command("error", ["recipient", String(index)], body: Array(error.description.utf8))
                failed = true
            }
        }
        for (index, text) in identities.enumerated() {
            do { targets.append(try CardPrepIdentity(text).recipient) } catch {
                try command("error", ["identity", String(index)], body: Array(error.description.utf8))
                failed = true
            }
        }
        if !failed {
            var stanzas: [(Int, AgeStanza)] = []
            do {
                for (file, fileKey) in fileKeys.enumerated() {
                    guard fileKey.count == 16 else {
                        throw CardPrepPluginError.usage("a file key of \(fileKey.count) bytes, not 16")
                    }
                    for target in targets { stanzas += try target.wrap(fileKey: fileKey).map { (file, $0) } }
                }
            } catch {
                try command("error", ["internal"], body: Array("\(error)".utf8))
                stanzas = []
            }
            for (file, stanza) in stanzas {
                try command("recipient-stanza", [String(file), stanza.type] + stanza.arguments, body: stanza.body)
            }
        }
        try connection.send("done")
    }

    /// Sends a command and reads the client's answer (`ok`; anything else changes nothing here).
    private func command(_ name: String, _ arguments: [String], body: [UInt8]) throws(AgePluginConnectionError) {
        try connection.send(name, arguments, body: body)
        _ = try connection.receive()
    }
}
