import CardPrepCrypto
import Foundation

/// A customer's profile (`Pipelines/customers/<customer>.yml`): who the customer is and which keys may sign
/// its drops. Later stages add the data contract to it.
public struct CustomerProfile: Sendable {
    /// The customer's folder name in the inbox.
    public var id: String
    /// The customer's name for reports.
    public var name: String
    /// Keys allowed to sign the customer's drop manifests. When not empty, every drop must carry a valid
    /// `MANIFEST.sha256.sig` by one of them.
    public var signers: [SSHEd25519PublicKey]

    /// The SSHSIG namespace customers sign drop manifests in (`ssh-keygen -Y sign -n cardprep-drop`).
    public static let manifestNamespace = "cardprep-drop"

    /// Reads a profile file.
    /// - Throws: `ConfigurationError` naming the line of the first mistake.
    public static func load(path: String) throws(ConfigurationError) -> CustomerProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: nil, reason: "cannot read the file")
        }
        var root = try ConfigurationMapping.parse(text: String(decoding: data, as: UTF8.self), file: path)
        let id = try root.string("customer")
        let name = try root.optionalString("name") ?? id
        var signers: [SSHEd25519PublicKey] = []
        for line in try root.stringList("signers") ?? [] {
            do {
                signers.append(try SSHEd25519PublicKey(authorizedKeyLine: line))
            } catch {
                throw root.error("signers", "not an ssh-ed25519 public key line: \(error)")
            }
        }
        try root.rejectUnknownKeys()
        return CustomerProfile(id: id, name: name, signers: signers)
    }

    /// The profile of `customer` in `folder`, or nil when the customer has none.
    /// - Throws: `ConfigurationError` when the profile exists but is wrong, or names another customer.
    public static func find(customer: String, in folder: String) throws(ConfigurationError) -> CustomerProfile? {
        let path = folder + "/" + customer + ".yml"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let profile = try load(path: path)
        guard profile.id == customer else {
            throw ConfigurationError(file: path, line: nil, reason: "profile is for '\(profile.id)', not '\(customer)'")
        }
        return profile
    }
}
