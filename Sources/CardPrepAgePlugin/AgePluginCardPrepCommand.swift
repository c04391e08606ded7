import ArgumentParser
import CardPrepCrypto
import Foundation

/// `age-plugin-cardprep`: the age plugin for the bureau's intake key in a PKCS#11 token.
///
/// age clients start it with `--age-plugin=recipient-v1` or `--age-plugin=identity-v1` and speak the plugin
/// protocol on its standard input and output; people use `--recipient-for` and `--identity-for`.
public struct AgePluginCardPrepCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "age-plugin-cardprep",
        abstract: "age plugin: files encrypted to a P-256 key that stays in a PKCS#11 token.",
        discussion: """
            Customers encrypt to the key's age1cardprep1… recipient with any age client that finds this plugin on its \
            PATH; the bureau decrypts with the AGE-PLUGIN-CARDPREP-1… identity, which names the key in the token \
            (never the key itself): the ECDH happens in the token (CKM_ECDH1_DERIVE).

            KEY-URI is the key's PKCS#11 URI with the module and an owner-only PIN file, for example
            'pkcs11:token=bureau;object=intake?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/etc/cardprep/token.pin'

            Exit codes: 0 success, 1 the token or key cannot be used, 64 usage error.
            """)

    @Option(
        name: .customLong("age-plugin"),
        help: ArgumentHelp("Run an age state machine (age clients pass this).", valueName: "state-machine"))
    var stateMachine: String?

    @Option(
        name: .customLong("recipient-for"),
        help: ArgumentHelp("Print the age1cardprep1… recipient of a token key.", valueName: "key-uri"))
    var recipientFor: String?

    @Option(
        name: .customLong("identity-for"),
        help: ArgumentHelp(
            "Print the AGE-PLUGIN-CARDPREP-1… identity of a token key, with its recipient as a comment.", valueName: "key-uri"))
    var identityFor: String?

    public init() {}

    public func validate() throws {
        guard [stateMachine, recipientFor, identityFor].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give one of --age-plugin, --recipient-for or --identity-for")
        }
    }

    public func run() throws {
        do {
            if let stateMachine {
                try AgePluginCardPrep.runStateMachine(stateMachine, openKey: TokenP256KeyAgreement.open(_:))
            } else if let uri = recipientFor {
                print(try AgePluginCardPrep.identity(for: uri, openKey: TokenP256KeyAgreement.open(_:)).recipient.text)
            } else if let uri = identityFor {
                let identity = try AgePluginCardPrep.identity(for: uri, openKey: TokenP256KeyAgreement.open(_:))
                print("# created: \(ISO8601DateFormatter().string(from: Date()))")
                print("# recipient: \(identity.recipient.text)")
                print("# key: \(identity.location.keyURI) (the private key stays in the token)")
                print(identity.text)
            }
        } catch let error as CardPrepPluginError {
            FileHandle.standardError.write(Data("age-plugin-cardprep: error: \(error)\n".utf8))
            if case .usage = error { throw ExitCode(64) }
            if case .badKeyURI = error { throw ExitCode(64) }
            throw ExitCode(1)
        } catch let error as AgePluginConnectionError {
            FileHandle.standardError.write(Data("age-plugin-cardprep: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// The plugin's operations, separate from the command line so tests can drive them with in-memory keys.
public enum AgePluginCardPrep {
    /// Runs a state machine over standard input and output.
    /// - Throws: `CardPrepPluginError.usage` for an unknown state machine (the plugin must refuse to start);
    ///   `AgePluginConnectionError` when the client goes away.
    public static func runStateMachine(_ name: String, openKey: @escaping (TokenKeyLocation) throws -> any P256KeyAgreement)
        throws
    {
        let connection = AgePluginConnection(reading: 0, writing: 1, timeout: nil)
        switch name {
        case "recipient-v1": try RecipientStateMachine(connection: connection).run()
        case "identity-v1": try IdentityStateMachine(connection: connection, openKey: openKey).run()
        default:
            throw CardPrepPluginError.usage(
                "unknown state machine \(name.debugDescription); recipient-v1 and identity-v1 are supported")
        }
    }

    /// The identity of the token key at `uri`, made from the key's public key as the token gives it.
    /// - Throws: `CardPrepPluginError` when the URI or the token's key cannot be used.
    public static func identity(for uri: String, openKey: (TokenKeyLocation) throws -> any P256KeyAgreement) throws
        -> CardPrepIdentity
    {
        let location = try TokenKeyLocation(uri)
        let key = try openKey(location)
        return CardPrepIdentity(publicKey: key.publicKey, location: location)
    }
}
