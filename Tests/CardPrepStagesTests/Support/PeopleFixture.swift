import CardPrepCore
import Foundation

@testable import CardPrepCrypto

/// A register of people in a `people` folder, one per key kind: alice (security) with an Ed25519 key and bob
/// (security) with an ECDSA P-256 key, both made by `ssh-keygen`, and carol (QA) with a FIDO security-key Ed25519 key,
/// whose signatures are made by following OpenSSH's format from an ordinary Ed25519 key (no token here); and frank
/// (management, supervisor) with an ssh-keygen Ed25519 key, who approves decisions on drops. Mallory has an
/// ssh-keygen key but is not in the register.
final class PeopleFixture {
    let keys: String
    let peopleFolder: String
    let carolKey = SSHEd25519SigningKey.generate()

    init(peopleFolder: String, keysFolder: String) throws {
        self.peopleFolder = peopleFolder
        self.keys = keysFolder
        try FileManager.default.createDirectory(atPath: keysFolder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: peopleFolder, withIntermediateDirectories: true)
        try Self.keygen(["-t", "ed25519", "-C", "alice@test", "-f", keysFolder + "/alice"])
        try Self.keygen(["-t", "ecdsa", "-b", "256", "-C", "bob@test", "-f", keysFolder + "/bob"])
        try Self.keygen(["-t", "ed25519", "-C", "mallory@test", "-f", keysFolder + "/mallory"])
        try Self.keygen(["-t", "ed25519", "-C", "frank@test", "-f", keysFolder + "/frank"])
        try write("alice", "Alice Martin", "security", ["security"], try read(keysFolder + "/alice.pub"))
        try write("bob", "Bob Chen", "security", ["security"], try read(keysFolder + "/bob.pub"))
        try write("carol", "Carol Okafor", "qa", ["qa-inspector"], carolLine)
        try write("frank", "Frank Osei", "management", ["supervisor"], try read(keysFolder + "/frank.pub"))
    }

    /// Carol's `sk-ssh-ed25519@openssh.com` public key line.
    var carolLine: String {
        let key = try! SSHSecurityKeyEd25519PublicKey(
            rawRepresentation: carolKey.publicKey.rawRepresentation, application: "ssh:")
        return SSHPublicKey.securityKeyEd25519(key).authorizedKeyLine(comment: "carol token")
    }

    private func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    private func write(_ id: String, _ name: String, _ department: String, _ roles: [String], _ key: String) throws {
        let text = """
            id: \(id)
            name: \(name)
            department: \(department)
            roles: [\(roles.joined(separator: ", "))]
            keys:
              - "\(key)"

            """
        try text.write(toFile: peopleFolder + "/\(id).yml", atomically: true, encoding: .utf8)
    }

    /// Runs ssh-keygen to make a key without a passphrase.
    static func keygen(_ arguments: [String]) throws {
        let result = try run(["/usr/bin/ssh-keygen", "-q", "-N", ""] + arguments, input: Data())
        guard result.status == 0 else { throw FixtureFailure(message: result.errors) }
    }

    /// The armored signature of `statement` by `person`: `ssh-keygen -Y sign` for alice, bob and mallory, the
    /// constructed security-key signature for carol (`touched: false` leaves out the user-presence flag).
    func signature(of statement: String, by person: String, touched: Bool = true) throws -> String {
        if person == "carol" { return try carolSignature(of: Array(statement.utf8), flags: touched ? 0x01 : 0x00) }
        let result = try Self.run(
            ["/usr/bin/ssh-keygen", "-Y", "sign", "-n", Statement.signatureNamespace, "-f", keys + "/" + person],
            input: Data(statement.utf8))
        guard result.status == 0 else { throw FixtureFailure(message: result.errors) }
        return result.output
    }

    /// Writes `person`'s signature of the statement file at `path` beside it and returns the signature's path.
    func sign(file path: String, by person: String, touched: Bool = true) throws -> String {
        let signature = try signature(of: try String(contentsOfFile: path, encoding: .utf8), by: person, touched: touched)
        let target = path + ".\(person)-\(UUID().uuidString.prefix(6)).sig"
        try signature.write(toFile: target, atomically: true, encoding: .utf8)
        return target
    }

    private func carolSignature(of message: [UInt8], flags: UInt8) throws -> String {
        let key = try SSHSecurityKeyEd25519PublicKey(rawRepresentation: carolKey.publicKey.rawRepresentation, application: "ssh:")
        var digest = StreamingSHA256()
        digest.update(message)
        let signed = SSHSignatureBlob.signedData(
            namespace: Statement.signatureNamespace, hashAlgorithm: "sha256",
            digest: Hex.decode(digest.hex())!)
        let signature = try carolKey.signature(for: key.authenticatorMessage(for: signed, flags: flags, counter: 9))
        let blob = SSHSignatureBlob(
            publicKey: .securityKeyEd25519(key), namespace: Statement.signatureNamespace,
            hashAlgorithm: "sha256", signature: signature, securityKey: .init(flags: flags, counter: 9))
        return SSHSignatureBlob.armor.armor(blob.bytes)
    }

    /// Runs a program with `input` on standard input; returns its status, output and errors.
    static func run(_ arguments: [String], input: Data) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("people-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("in"), outputFile = folder.appendingPathComponent("out")
        let errorFile = folder.appendingPathComponent("err")
        try input.write(to: inputFile)
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        process.waitUntilExit()
        return (
            process.terminationStatus, try String(contentsOf: outputFile, encoding: .utf8),
            try String(contentsOf: errorFile, encoding: .utf8)
        )
    }
}

/// A fixture step failed.
struct FixtureFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
