/// A recipient (`age1NAME1…`) or identity (`AGE-PLUGIN-NAME-1…`) that an age plugin handles: the plugin's name
/// and the Bech32 text, which only the plugin understands.
public struct AgePluginKey: Hashable, Sendable, CustomStringConvertible {
    /// Whether the text is a recipient or an identity.
    public enum Role: Hashable, Sendable { case recipient, identity }

    /// The plugin's name, lower case: the binary is `age-plugin-<name>`.
    public let pluginName: String
    /// Recipient or identity.
    public let role: Role
    /// The Bech32 text as given (lower case for a recipient, upper case for an identity).
    public let text: String
    /// The decoded data, for plugins that read it in-process.
    public let data: [UInt8]

    /// Parses a plugin recipient or identity.
    /// - Throws: `AgeError.badKey` when the text is not valid Bech32 of either form; an identity's text is never echoed.
    public init(_ text: String) throws {
        guard let (hrp, data) = Bech32.decode(text) else {
            throw AgeError.badKey(reason: "not a valid Bech32 age plugin recipient or identity (bad checksum, case or character)")
        }
        if hrp.hasPrefix("age-plugin-"), hrp.hasSuffix("-"), text == text.uppercased() {
            let name = String(hrp.dropFirst("age-plugin-".count).dropLast())
            guard Self.isValidName(name) else {
                throw AgeError.badKey(reason: "an AGE-PLUGIN-…-1 identity with no plugin name")
            }
            self.init(pluginName: name, role: .identity, text: text, data: data)
        } else if hrp.hasPrefix("age1"), hrp.count > 4, text == text.lowercased() {
            let name = String(hrp.dropFirst(4))
            guard Self.isValidName(name) else {
                throw AgeError.badKey(reason: "plugin name \(name.debugDescription) is not usable")
            }
            self.init(pluginName: name, role: .recipient, text: text, data: data)
        } else {
            throw AgeError.badKey(reason: "neither an age1<plugin>1… recipient nor an AGE-PLUGIN-<PLUGIN>-1… identity")
        }
    }

    private init(pluginName: String, role: Role, text: String, data: [UInt8]) {
        self.pluginName = pluginName; self.role = role; self.text = text; self.data = data
    }

    /// Encodes a plugin recipient `age1<name>1…`.
    public static func recipient(plugin name: String, data: [UInt8]) -> AgePluginKey {
        let name = name.lowercased()
        return AgePluginKey(pluginName: name, role: .recipient, text: Bech32.encode(hrp: "age1" + name, data: data), data: data)
    }

    /// Encodes a plugin identity `AGE-PLUGIN-<NAME>-1…`.
    public static func identity(plugin name: String, data: [UInt8]) -> AgePluginKey {
        let name = name.lowercased()
        let text = Bech32.encode(hrp: "AGE-PLUGIN-" + name.uppercased() + "-", data: data)
        return AgePluginKey(pluginName: name, role: .identity, text: text, data: data)
    }

    /// The binary that handles this key.
    public var executableName: String { "age-plugin-" + pluginName }

    /// A recipient's text; an identity is named by its plugin only, since it may hold a secret.
    public var description: String {
        role == .recipient ? text : "AGE-PLUGIN-\(pluginName.uppercased())-1… identity"
    }

    /// Names that make a plain executable name: no path separator, printable ASCII.
    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
