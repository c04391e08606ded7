import CardPrepCore
import CardPrepCrypto
import Foundation

/// The register of people as files: one `<id>.yml` per person in the pipeline's `people` folder.
///
/// ```yaml
/// id: alice
/// name: Alice Martin
/// department: security        # production, security, warehouse, qa, customer-service or management
/// roles: [security]           # what dual-control rules ask for
/// keys:                       # authorized_keys lines: ssh-ed25519, ecdsa-sha2-nistp256, sk-ssh-ed25519@openssh.com
///   - "ssh-ed25519 AAAA… alice@laptop"
///   - "sk-ssh-ed25519@openssh.com AAAA… alice YubiKey"
/// ```
///
/// Every mistake is reported with the file and line: an unknown key, a file named other than its id, an unknown
/// department, a malformed role or key, a key of another type, or a key listed for two people.
public enum PersonRegisterFolder {
    /// Reads every `*.yml` file of `folder`; a folder that does not exist is an empty register.
    /// - Throws: `ConfigurationError` for the first mistake, with its file and line.
    public static func load(_ folder: String) throws(ConfigurationError) -> PersonRegister {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else { return .empty }
        guard isFolder.boolValue else {
            throw ConfigurationError(file: folder, line: nil, reason: "the register of people must be a folder")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw ConfigurationError(file: folder, line: nil, reason: "cannot list the folder: \(error.localizedDescription)")
        }
        var people: [Person] = []
        var holders: [String: (id: String, file: String)] = [:]
        for name in names.sorted() where name.hasSuffix(".yml") && !name.hasPrefix(".") {
            let file = folder + "/" + name
            let (person, keyLines) = try person(file: file)
            for (key, line) in zip(person.keys, keyLines) {
                if let holder = holders[key.identity] {
                    let who = holder.id == person.id ? "listed twice" : "also listed for \(holder.id) in \(holder.file)"
                    throw ConfigurationError(
                        file: file, line: line, reason: "key \(key.fingerprint) is \(who); a key belongs to one person")
                }
                holders[key.identity] = (person.id, file)
            }
            people.append(person)
        }
        do { return try PersonRegister(people: people) } catch {
            throw ConfigurationError(file: folder, line: nil, reason: error.description)
        }
    }

    /// Reads one person's file; returns the person and the line of each key.
    static func person(file: String) throws(ConfigurationError) -> (Person, [Int?]) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError(file: file, line: nil, reason: "cannot read the file")
        }
        var root = try ConfigurationMapping.parse(text: String(decoding: data, as: UTF8.self), file: file)
        try root.expectOnly(["id", "name", "department", "roles", "keys"])
        let id = try root.string("id")
        guard Person.isValidID(id), !Person.reservedIDs.contains(id) else {
            throw root.error(
                "id", "'\(id)' must be lowercase letters, digits, '.', '_' and '-', starting with a letter, and not 'system'")
        }
        guard URL(fileURLWithPath: file).lastPathComponent == id + ".yml" else {
            throw root.error("id", "the file of '\(id)' must be named \(id).yml")
        }
        let name = try root.string("name")
        let departmentName = try root.string("department")
        guard let department = Department(rawValue: departmentName) else {
            throw root.error("department", "unknown department '\(departmentName)' (known: \(Department.names))")
        }
        var roles: [String] = []
        for (role, line) in try root.stringItems("roles") ?? [] {
            guard Person.isValidRole(role) else {
                throw ConfigurationError(
                    file: file, line: line, reason: "role '\(role)' must be lowercase letters, digits and '-'")
            }
            if !roles.contains(role) { roles.append(role) }
        }
        guard let keyItems = try root.stringItems("keys"), !keyItems.isEmpty else {
            throw root.error("keys", "at least one SSH public key is required")
        }
        var keys: [PersonKey] = []
        for (line, lineNumber) in keyItems {
            keys.append(try key(line, file: file, line: lineNumber))
        }
        try root.rejectUnknownKeys()
        return (Person(id: id, name: name, department: department, roles: roles, keys: keys), keyItems.map(\.line))
    }

    /// One `authorized_keys` line as a register key.
    static func key(_ text: String, file: String, line: Int?) throws(ConfigurationError) -> PersonKey {
        do {
            let key = try SSHPublicKey(authorizedKeyLine: text)
            let fields = text.split(maxSplits: 2, whereSeparator: { $0 == " " || $0 == "\t" })
            let comment = fields.count > 2 ? fields[2].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            let parts = key.authorizedKeyLine(comment: nil).split(separator: " ")
            return PersonKey(type: String(parts[0]), base64: String(parts[1]), fingerprint: key.fingerprint, comment: comment)
        } catch {
            throw ConfigurationError(file: file, line: line, reason: "not a usable SSH public key line: \(error)")
        }
    }
}
