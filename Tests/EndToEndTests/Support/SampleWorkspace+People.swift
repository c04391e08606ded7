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
        // Readable by the group, as a person with umask 027 writes it.
        _ = FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o640])
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return file
    }

    /// The `cardprep stock destroy` arguments that sign a destruction as the floor reports it in a row of
    /// `destruction.csv` (`id,time,place,method,product,quantity,serials,witnesses,cctv`), by the demo staff: bob
    /// executes it, erin (production), alice (security) and dave (warehouse) witness it.
    func destroyArguments(row: String) -> [String] {
        let field = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return [
            "stock", "destroy", pipeline, "--record-id", field[0], "--time", field[1], "--place", field[2], "--method", field[3],
            "--product", field[4], "--quantity", field[5], "--serials", field[6], "--cctv", field[8], "--executor", "bob",
            "--production-witness", "erin", "--security-witness", "alice", "--warehouse-witness", "dave",
            "--reason", "spoiled in production",
        ]
    }

    /// Signs every destruction of the floor's `destruction.csv` files in the ledger, as `Pipelines/demo.sh` does. The
    /// whole sample register is put in place first: its first use records it as the approved register.
    func signFloorDestructions() throws {
        try addPeople(["alice", "bob", "carol", "dave", "erin", "frank"])
        let fm = FileManager.default
        for order in (try? fm.contentsOfDirectory(atPath: root + "/production")) ?? [] {
            guard let text = try? String(contentsOfFile: root + "/production/\(order)/destruction.csv", encoding: .utf8) else {
                continue
            }
            for row in text.split(whereSeparator: \.isNewline).dropFirst() where !row.isEmpty {
                let signed = try cardprepSigned(destroyArguments(row: String(row)))
                guard signed.status == 0 else {
                    throw SigningFailed(output: signed.standardOutput + signed.standardError)
                }
            }
        }
    }

    struct SigningFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "signing a destruction failed: \(output)" }
    }
}
