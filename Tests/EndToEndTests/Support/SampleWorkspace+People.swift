import Foundation

extension SampleWorkspace {
    /// Puts the sample register's `people` (DEMO-ONLY keys) beside the workspace's pipeline file, and their private
    /// keys, owner-only, under `staff/`.
    func addPeople(_ people: [String] = ["alice", "bob"]) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/people", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/staff", withIntermediateDirectories: true)
        for person in people where !fm.fileExists(atPath: root + "/people/\(person).yml") {
            try fm.copyItem(atPath: Self.packageRoot + "/Pipelines/people/\(person).yml", toPath: root + "/people/\(person).yml")
            try fm.copyItem(atPath: Self.packageRoot + "/Fixtures/keys/demo-staff-\(person)", toPath: root + "/staff/\(person)")
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/staff/\(person)")
        }
    }

    /// Runs a command that needs people's signatures: first without them (it prints the statement, exit 64), then,
    /// after each person named signs the statement with `ssh-keygen -Y sign` and their demo key, with them.
    func cardprepSigned(_ arguments: [String]) throws -> BuiltExecutable.Outcome {
        try addPeople()
        let asked = try cardprep(arguments + ["--json"])
        guard asked.status == 64,
            let request = try JSONSerialization.jsonObject(with: Data(asked.standardOutput.utf8)) as? [String: Any],
            let statement = request["statementFile"] as? String, let signers = request["signers"] as? [[String: Any]]
        else { return asked }
        var signatures: [String] = []
        for signer in signers {
            signatures += ["--signature", try sign(statement, as: signer["person"] as! String, to: signer["signatureFile"] as? String)]
        }
        return try cardprep(arguments + ["--statement", statement] + signatures)
    }

    /// Signs the statement file with `person`'s demo key (`ssh-keygen -Y sign`), into `file` or a new file beside it.
    /// - Returns: the signature file.
    @discardableResult
    func sign(_ statement: String, as person: String, to file: String? = nil) throws -> String {
        let file = file ?? statement + ".\(person)-\(UUID().uuidString.prefix(6)).sig"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = ["-Y", "sign", "-n", "cardprep-statement", "-f", root + "/staff/" + person]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: statement))
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return file
    }
}
