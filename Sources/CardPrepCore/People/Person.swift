/// A person of the bureau who may sign statements: who they are, where they work, what they may do, and the public
/// keys their signatures are checked against.
public struct Person: Sendable, Equatable, Identifiable {
    /// A short stable id (`alice`, `j.doe`): lowercase letters, digits, `.`, `_` and `-`, starting with a letter.
    /// It names the person in statements, the ledger and the audit log.
    public var id: String
    /// The person's name, for people reading reports.
    public var name: String
    /// The department the person belongs to.
    public var department: Department
    /// What the person may do (`security`, `qa-inspector`, …), as dual-control rules name it.
    public var roles: [String]
    /// The person's SSH public keys; a signature by any of them is the person's.
    public var keys: [PersonKey]

    /// Creates a person.
    public init(id: String, name: String, department: Department, roles: [String], keys: [PersonKey]) {
        self.id = id; self.name = name; self.department = department; self.roles = roles; self.keys = keys
    }

    /// The id of the pipeline's own actor; no person may have it.
    public static let reservedIDs: Set<String> = ["system"]

    /// Whether `text` is a well-formed person id.
    public static func isValidID(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.utf8.count <= 64 else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
    }

    /// Whether `text` is a well-formed role name: lowercase letters, digits and `-`, starting with a letter.
    public static func isValidRole(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Whether the person has `role`.
    public func hasRole(_ role: String) -> Bool { roles.contains(role) }

    /// The person as people read it: `alice (Alice Martin, security; roles security, custodian)`.
    public var summary: String {
        let roleList = roles.isEmpty ? "no roles" : "roles " + roles.joined(separator: ", ")
        return "\(id) (\(name), \(department.rawValue); \(roleList))"
    }
}

/// One of a person's SSH public keys, as the register lists it (`authorized_keys` form).
public struct PersonKey: Sendable, Equatable, Hashable {
    /// The key type: `ssh-ed25519`, `ecdsa-sha2-nistp256` or `sk-ssh-ed25519@openssh.com`.
    public var type: String
    /// The key blob in base64, as in the `authorized_keys` line.
    public var base64: String
    /// The `SHA256:` fingerprint, as `ssh-keygen -l` prints it.
    public var fingerprint: String
    /// The comment after the key, if any (`alice@laptop`, `YubiKey 5 #2`).
    public var comment: String

    /// Creates a key entry; the caller has parsed and checked the key.
    public init(type: String, base64: String, fingerprint: String, comment: String) {
        self.type = type; self.base64 = base64; self.fingerprint = fingerprint; self.comment = comment
    }

    /// The key without its comment, `TYPE BASE64`: what identifies it.
    public var identity: String { type + " " + base64 }
}
