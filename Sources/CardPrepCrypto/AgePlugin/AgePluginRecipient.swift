/// Recipients handled by one age plugin: `wrap(fileKey:)` runs `age-plugin-<name> --age-plugin=recipient-v1`
/// once for the file, sends every recipient (and identity, to wrap to its recipient) with the file key, and
/// returns the stanzas the plugin sends back.
public struct AgePluginRecipient: AgeRecipient, CustomStringConvertible {
    /// The plugin's name.
    public let pluginName: String
    /// The plugin recipients (`age1<name>1…`), in order.
    public let recipients: [AgePluginKey]
    /// Plugin identities to wrap to as well (`AGE-PLUGIN-<NAME>-1…`), as `age -e -i` does.
    public let identities: [AgePluginKey]
    /// How the plugin is found and run.
    public let options: AgePluginOptions

    /// A plugin recipient `age1<name>1…`.
    /// - Throws: `AgeError.badKey` when the text is not one.
    public init(_ text: String, options: AgePluginOptions = .standard) throws {
        let key = try AgePluginKey(text)
        guard key.role == .recipient else { throw AgeError.badKey(reason: "an identity where a recipient is expected") }
        self.init(pluginName: key.pluginName, recipients: [key], identities: [], options: options)
    }

    /// Recipients and identities of one plugin, wrapped to in one run of the plugin.
    public init(pluginName: String, recipients: [AgePluginKey], identities: [AgePluginKey], options: AgePluginOptions = .standard)
    {
        self.pluginName = pluginName; self.recipients = recipients; self.identities = identities; self.options = options
    }

    public var description: String { recipients.map(\.text).joined(separator: ", ") }

    /// The list with the plugin recipients of each plugin merged into one, at the place of the first, so that each
    /// plugin runs once per file.
    public static func merged(_ recipients: [any AgeRecipient]) -> [any AgeRecipient] {
        var out: [any AgeRecipient] = []
        var positions: [String: Int] = [:]
        for recipient in recipients {
            guard let plugin = recipient as? AgePluginRecipient else { out.append(recipient); continue }
            if let index = positions[plugin.pluginName], let earlier = out[index] as? AgePluginRecipient {
                out[index] = AgePluginRecipient(
                    pluginName: plugin.pluginName, recipients: earlier.recipients + plugin.recipients,
                    identities: earlier.identities + plugin.identities, options: earlier.options)
            } else {
                positions[plugin.pluginName] = out.count
                out.append(plugin)
            }
        }
        return out
    }

    /// Runs the plugin's `recipient-v1` state machine for one file key.
    /// - Returns: the plugin's stanzas, at least one and no more than recipients and identities together.
    /// - Throws: `AgePluginError` naming the plugin: an `error` it reported, an early exit, a timeout, a broken protocol.
    public func wrap(fileKey: [UInt8]) throws -> [AgeStanza] {
        let process = try AgePluginProcess(plugin: pluginName, stateMachine: "recipient-v1", options: options)
        defer { process.finish() }
        process.waitingFor = "the plugin to read the recipients"
        for recipient in recipients { try process.send("add-recipient", [recipient.text]) }
        for identity in identities { try process.send("add-identity", [identity.text]) }
        try process.send("wrap-file-key", body: fileKey)
        try process.send("done")

        var stanzas: [AgeStanza] = []
        var errors: [AgePluginError] = []
        try process.servePluginPhase { command throws(AgePluginError) in
            switch command.type {
            case "recipient-stanza":
                guard command.arguments.count >= 2, command.arguments[0] == "0" else {
                    throw .protocolViolation(
                        plugin: pluginName, reason: "recipient-stanza for a file other than 0, or without a stanza")
                }
                stanzas.append(
                    AgeStanza(type: command.arguments[1], arguments: Array(command.arguments.dropFirst(2)), body: command.body))
            case "error":
                errors.append(try AgePluginResponses.error(command, plugin: pluginName))
            default:
                return false
            }
            try process.send("ok")
            return true
        }
        if let first = errors.first { throw first }
        guard !stanzas.isEmpty, stanzas.count <= recipients.count + identities.count else {
            throw AgePluginError.protocolViolation(
                plugin: pluginName, reason: "\(stanzas.count) stanzas for \(recipients.count + identities.count) recipients")
        }
        return stanzas
    }
}

/// Reading the plugin's `error` command, shared by both state machines.
enum AgePluginResponses {
    /// The error an `error` command reports.
    static func error(_ command: AgeStanza, plugin: String) throws(AgePluginError) -> AgePluginError {
        let message = String(decoding: command.body, as: UTF8.self)
        let numbers = command.arguments.dropFirst().compactMap { Int($0) }
        let subject: AgePluginError.Subject
        switch (command.arguments.first, numbers.count) {
        case ("recipient"?, 1): subject = .recipient(numbers[0])
        case ("identity"?, 1): subject = .identity(numbers[0])
        case ("stanza"?, 2): subject = .stanza(file: numbers[0], stanza: numbers[1])
        case ("internal"?, 0): subject = .internal
        default:
            throw .protocolViolation(plugin: plugin, reason: "error with arguments \(command.arguments.joined(separator: " "))")
        }
        return .reported(plugin: plugin, subject: subject, message: message)
    }
}
