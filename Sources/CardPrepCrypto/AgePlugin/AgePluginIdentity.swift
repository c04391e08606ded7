/// Identities handled by one age plugin: unwrapping runs `age-plugin-<name> --age-plugin=identity-v1`, sends the
/// identities and the header's stanzas, and takes the file key the plugin sends back.
///
/// `unwrap(files:)` unwraps the headers of many files in one session of the plugin (the state machine numbers
/// files), so a plugin that logs in to a token does so once for all of them.
public struct AgePluginIdentity: AgeIdentity, CustomStringConvertible {
    /// The plugin's name.
    public let pluginName: String
    /// The plugin identities (`AGE-PLUGIN-<NAME>-1…`), in order.
    public let identities: [AgePluginKey]
    /// How the plugin is found and run.
    public let options: AgePluginOptions

    /// A plugin identity `AGE-PLUGIN-<NAME>-1…`.
    /// - Throws: `AgeError.badKey` when the text is not one (never echoed).
    public init(_ text: String, options: AgePluginOptions = .standard) throws {
        let key = try AgePluginKey(text)
        guard key.role == .identity else { throw AgeError.badKey(reason: "a recipient where an identity is expected") }
        self.init(pluginName: key.pluginName, identities: [key], options: options)
    }

    /// Identities of one plugin, tried in one run of the plugin.
    public init(pluginName: String, identities: [AgePluginKey], options: AgePluginOptions = .standard) {
        self.pluginName = pluginName; self.identities = identities; self.options = options
    }

    /// The recipient that wraps to these identities through the plugin's `add-identity` (as `age -e -i` does), for
    /// plugins whose identities know their own recipient; no secret of the identity is used to wrap.
    public var recipient: AgePluginRecipient {
        AgePluginRecipient(pluginName: pluginName, recipients: [], identities: identities, options: options)
    }

    /// Names the plugin only: an identity may hold a secret.
    public var description: String { "AgePluginIdentity(age-plugin-\(pluginName), \(identities.count) identities)" }

    /// The list with the plugin identities of each plugin merged into one, at the place of the first.
    public static func merged(_ identities: [any AgeIdentity]) -> [any AgeIdentity] {
        var out: [any AgeIdentity] = []
        var positions: [String: Int] = [:]
        for identity in identities {
            guard let plugin = identity as? AgePluginIdentity else { out.append(identity); continue }
            if let index = positions[plugin.pluginName], let earlier = out[index] as? AgePluginIdentity {
                out[index] = AgePluginIdentity(
                    pluginName: plugin.pluginName, identities: earlier.identities + plugin.identities, options: earlier.options)
            } else {
                positions[plugin.pluginName] = out.count
                out.append(plugin)
            }
        }
        return out
    }

    /// Unwraps the file key of one header through the plugin.
    /// - Returns: the file key, or nil when the plugin found no stanza for its identities.
    /// - Throws: `AgePluginError` when the plugin reports an error (a wrong PIN, a missing token, an invalid stanza)
    ///   and unwraps nothing, exits early, times out or breaks the protocol.
    public func unwrap(_ stanzas: [AgeStanza]) throws -> [UInt8]? {
        if let remembered = AgePluginFileKeyMemory.recall(AgePluginFileKeyMemory.key(identities: identities, stanzas: stanzas)) {
            return remembered
        }
        return try unwrap(files: [stanzas])[0]
    }

    /// Unwraps the file keys of many headers in one session of the plugin and keeps them in memory for the
    /// `unwrap(_:)` of each file later in this process: a batch run reads the headers of everything it is about to
    /// decrypt first (`Age.headerStanzas(of:)`), so the plugin logs in to its token once for all of them.
    /// - Returns: how many file keys were unwrapped.
    /// - Throws: as `unwrap(files:)`.
    @discardableResult
    public func prefetch(headers: [[AgeStanza]]) throws -> Int {
        let fileKeys = try unwrap(files: headers)
        for (stanzas, fileKey) in zip(headers, fileKeys) {
            if let fileKey {
                AgePluginFileKeyMemory.remember(
                    fileKey, under: AgePluginFileKeyMemory.key(identities: identities, stanzas: stanzas))
            }
        }
        return fileKeys.compactMap { $0 }.count
    }

    /// Unwraps the file keys of many headers in one session of the plugin.
    /// - Parameter files: the stanzas of each file's header.
    /// - Returns: one entry per file: its file key, or nil when no identity matched it.
    /// - Throws: as `unwrap(_:)`; an error the plugin reports throws only when it unwrapped no file at all, so a
    ///   bad header among many does not hide the others (the files it concerns come back nil).
    public func unwrap(files: [[AgeStanza]]) throws -> [[UInt8]?] {
        var fileKeys = [[UInt8]?](repeating: nil, count: files.count)
        guard !files.isEmpty else { return fileKeys }
        let process = try AgePluginProcess(plugin: pluginName, stateMachine: "identity-v1", options: options)
        defer { process.finish() }
        process.waitingFor = "the plugin to read the identities"
        for identity in identities { try process.send("add-identity", [identity.text]) }
        for (index, stanzas) in files.enumerated() {
            for stanza in stanzas {
                try process.send("recipient-stanza", [String(index), stanza.type] + stanza.arguments, body: stanza.body)
            }
        }
        try process.send("done")

        var errors: [AgePluginError] = []
        try process.servePluginPhase { command throws(AgePluginError) in
            switch command.type {
            case "file-key":
                guard command.arguments.count == 1, let index = Int(command.arguments[0]), fileKeys.indices.contains(index) else {
                    throw .protocolViolation(plugin: pluginName, reason: "file-key for an unknown file")
                }
                guard command.body.count == 16 else {
                    throw .protocolViolation(plugin: pluginName, reason: "a file key of \(command.body.count) bytes, not 16")
                }
                guard fileKeys[index] == nil else {
                    throw .protocolViolation(plugin: pluginName, reason: "two file keys for file \(index)")
                }
                fileKeys[index] = command.body
            case "error":
                errors.append(try AgePluginResponses.error(command, plugin: pluginName))
            default:
                return false
            }
            try process.send("ok")
            return true
        }
        if let first = errors.first, fileKeys.allSatisfy({ $0 == nil }) { throw first }
        return fileKeys
    }
}
