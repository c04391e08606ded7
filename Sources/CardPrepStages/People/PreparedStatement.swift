import CardPrepCore
import Foundation

/// A statement written out for people to sign, with the instructions that go with it.
public struct PreparedStatement: Sendable {
    /// The statement.
    public let statement: Statement
    /// The file it was written to.
    public let file: String
    /// The people named for its duties.
    public let assignments: [DutyAssignment]
    /// The pipeline's policy (for the statement's time limit).
    public let policy: DualControlPolicy

    /// Who must sign, counted: `1 person`, `2 people`.
    public var signersPhrase: String { assignments.count == 1 ? "1 person" : "\(assignments.count) people" }

    /// The signature file each person writes: the statement's file name with `.<id>.sig` instead of `.txt`.
    public func signatureFile(for person: Person) -> String {
        (file.hasSuffix(".txt") ? String(file.dropLast(4)) : file) + ".\(person.id).sig"
    }

    /// The private key file OpenSSH tools use by default for a key type, as a person pastes it (`~/.ssh/id_ed25519`).
    static func defaultKeyFile(forKeyType type: String) -> String {
        switch type {
        case "ecdsa-sha2-nistp256": "~/.ssh/id_ecdsa"
        case "sk-ssh-ed25519@openssh.com": "~/.ssh/id_ed25519_sk"
        default: "~/.ssh/id_ed25519"
        }
    }

    /// The commands that sign the statement as `person`: `ssh-keygen -Y sign` with the default key file of their
    /// first key's type, and `cardprep sign` when they have an Ed25519 key.
    public func signCommands(for person: Person) -> [String] {
        let statementFile = Shell.quoted(file), signature = Shell.quoted(signatureFile(for: person))
        let keyFile = Self.defaultKeyFile(forKeyType: person.keys.first?.type ?? "ssh-ed25519")
        var commands = ["ssh-keygen -Y sign -n \(Statement.signatureNamespace) -f \(keyFile) < \(statementFile) > \(signature)"]
        if person.keys.contains(where: { $0.type == "ssh-ed25519" }) {
            commands.append("cardprep sign --key ~/.ssh/id_ed25519 --out \(signature) \(statementFile)")
        }
        return commands
    }

    /// The command that does the action once signed: `command` (unquoted words) with `--statement` and a
    /// `--signature` per person.
    public func rerunCommand(_ command: [String]) -> String {
        let words = command + ["--statement", file] + assignments.flatMap { ["--signature", signatureFile(for: $0.person)] }
        return words.map(Shell.quoted).joined(separator: " ")
    }

    /// What to tell the people: the statement, who signs it and how, and the command to run with the signatures.
    public func instructions(rerun command: [String]) -> String {
        let minutes = policy.statementMaxAge.components.seconds / 60
        var lines = [
            "\(statement.action) needs a statement signed by \(signersPhrase). The statement, in \(file):", "",
        ]
        lines += statement.text.split(separator: "\n").map { "    " + $0 }
        lines += [
            "",
            "\(assignments.count == 1 ? "The person" : "Each person") reads it and signs it within \(minutes) min, with one of the commands shown (-f names the "
                + "private key file, or its .pub when the key is in ssh-agent or on a token):",
        ]
        for assignment in assignments {
            let fingerprints = assignment.person.keys.map(\.fingerprint).joined(separator: ", ")
            lines += ["", "  \(assignment.person.summary) as \(assignment.duty) (key \(fingerprints)) signs with:"]
            lines += signCommands(for: assignment.person).map { "    " + $0 }
        }
        lines += ["", "Then run:", "", "    " + rerunCommand(command)]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Words made safe to paste into a POSIX shell.
public enum Shell {
    /// `text` as is when it holds only safe characters, else in single quotes.
    public static func quoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+:@=,".contains($0)) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
