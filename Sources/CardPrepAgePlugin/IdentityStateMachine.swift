import CardPrepCrypto

/// The plugin's side of `identity-v1`: reads the identities and the stanzas of every file, then sends the file key
/// of each file one of its `cardprep-p256` stanzas opens, and errors for identities whose token cannot be used and
/// for stanzas that are malformed.
///
/// Each identity's key is opened once for the whole session, at its first matching stanza: one token login serves
/// every file of the session.
struct IdentityStateMachine {
    let connection: AgePluginConnection
    /// Opens the key an identity refers to (the token's key; an in-memory key in tests).
    let openKey: (TokenKeyLocation) throws -> any P256KeyAgreement

    func run() throws(AgePluginConnectionError) {
        var identityTexts: [String] = []
        var files: [Int: [AgeStanza]] = [:]
        phaseOne: while true {
            let command = try connection.receive()
            switch command.type {
            case "add-identity" where command.arguments.count == 1:
                identityTexts.append(command.arguments[0])
            case "recipient-stanza" where command.arguments.count >= 2:
                guard let file = Int(command.arguments[0]) else { continue }
                let stanza = AgeStanza(
                    type: command.arguments[1], arguments: Array(command.arguments.dropFirst(2)), body: command.body)
                files[file, default: []].append(stanza)
            case "done": break phaseOne
            default: continue
            }
        }
        var identities: [CardPrepIdentity] = []
        for (index, text) in identityTexts.enumerated() {
            do { identities.append(try CardPrepIdentity(text)) } catch {
                try command("error", ["identity", String(index)], body: Array(error.description.utf8))
            }
        }
        if identities.count == identityTexts.count {
            var keys = KeyCache(identities: identities, openKey: openKey)
            for file in files.keys.sorted() {
                try unwrap(file: file, stanzas: files[file]!, identities: identities, keys: &keys)
            }
        }
        try connection.send("done")
    }

    private func unwrap(file: Int, stanzas: [AgeStanza], identities: [CardPrepIdentity], keys: inout KeyCache)
        throws(AgePluginConnectionError)
    {
        var parsed: [(index: Int, stanza: CardPrepP256Stanza.Parsed)] = []
        for (index, stanza) in stanzas.enumerated() where stanza.type == CardPrepP256Stanza.type {
            switch Result(catching: { () throws(CardPrepP256StanzaError) in try CardPrepP256Stanza.parse(stanza) }) {
            case .success(let stanza): parsed.append((index, stanza))
            case .failure(.invalid(let reason)):
                // A malformed stanza of ours makes the header invalid: nothing of this file is unwrapped.
                let message = Array("invalid cardprep-p256 stanza: \(reason)".utf8)
                return try command("error", ["stanza", String(file), String(index)], body: message)
            }
        }
        var unopened: Int?
        for (index, stanza) in parsed {
            for (identityIndex, identity) in identities.enumerated()
            where CardPrepP256Stanza.tag(of: identity.publicKey) == stanza.tag {
                let key: any P256KeyAgreement
                switch keys.key(identityIndex) {
                case .opened(let opened): key = opened
                case .failed(let message, let reported):
                    if !reported {
                        keys.markReported(identityIndex)
                        try command("error", ["identity", String(identityIndex)], body: Array(message.utf8))
                    }
                    continue
                }
                let fileKey: [UInt8]?
                do { fileKey = try CardPrepP256Stanza.unwrap(stanza, with: key) } catch {
                    try command("error", ["identity", String(identityIndex)], body: Array("\(error)".utf8))
                    continue
                }
                if let fileKey { return try command("file-key", [String(file)], body: fileKey) }
                unopened = index
            }
        }
        if let unopened {
            try command(
                "error", ["stanza", String(file), String(unopened)],
                body: Array(
                    "the cardprep-p256 stanza names this identity's key but does not open with it: the header was altered".utf8))
        }
    }

    /// Sends a command and reads the client's answer.
    private func command(_ name: String, _ arguments: [String], body: [UInt8]) throws(AgePluginConnectionError) {
        try connection.send(name, arguments, body: body)
        _ = try connection.receive()
    }
}

/// The keys of a session's identities, each opened at most once.
private struct KeyCache {
    enum Entry {
        case opened(any P256KeyAgreement)
        case failed(String, reported: Bool)
    }

    let identities: [CardPrepIdentity]
    let openKey: (TokenKeyLocation) throws -> any P256KeyAgreement
    private var entries: [Int: Entry] = [:]

    init(identities: [CardPrepIdentity], openKey: @escaping (TokenKeyLocation) throws -> any P256KeyAgreement) {
        self.identities = identities; self.openKey = openKey
    }

    mutating func key(_ index: Int) -> Entry {
        if let entry = entries[index] { return entry }
        let identity = identities[index]
        let entry: Entry
        do {
            let key = try openKey(identity.location)
            if key.publicKey.compressedRepresentation == identity.publicKey.compressedRepresentation {
                entry = .opened(key)
            } else {
                entry = .failed(CardPrepPluginError.wrongKey(uri: identity.location.keyURI).description, reported: false)
            }
        } catch {
            entry = .failed("\(error)", reported: false)
        }
        entries[index] = entry
        return entry
    }

    mutating func markReported(_ index: Int) {
        if case let .failed(message, _) = entries[index] { entries[index] = .failed(message, reported: true) }
    }
}
