import Foundation

/// The sample workspace with a SoftHSM2 token of its own: a configuration naming a token folder inside the
/// workspace, a token initialised with `softhsm2-util`, a PIN file, and a pipeline whose keys point into the token.
///
/// Every `cardprep` run gets this workspace's `SOFTHSM2_CONF`, so workspaces of tests running in parallel never see
/// each other's tokens.
final class TokenWorkspace {
    static let module = "/usr/lib/softhsm/libsofthsm2.so"
    static let signingURI = "pkcs11:token=cardprep;object=bureau-signing"
    static let fingerprintURI = "pkcs11:token=cardprep;object=fingerprint"

    let sample: SampleWorkspace
    var root: String { sample.root }
    var pipeline: String { sample.pipeline }
    var configuration: String { root + "/softhsm2.conf" }
    var pinFile: String { root + "/etc/token.pin" }

    /// Stages the sample, initialises the token (unless `initialiseToken` is false), and points the pipeline's `keys`
    /// at it (nothing is in the token yet). The PIN file is `<root>/etc/token.pin`.
    init(
        pin: String = "1234", stages: [String] = ["ingest", "validate", "transform", "reconcile", "archive"],
        initialiseToken: Bool = true
    ) throws {
        sample = try SampleWorkspace(stages: stages)
        try FileManager.default.createDirectory(atPath: root + "/tokens", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        try "directories.tokendir = \(root)/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
            .write(toFile: configuration, atomically: true, encoding: .utf8)
        if initialiseToken {
            let initialised = try tool(
                "/usr/bin/softhsm2-util",
                ["--init-token", "--free", "--label", "cardprep", "--pin", pin, "--so-pin", "5678"])
            guard initialised.status == 0 else { throw SetupFailure(reason: initialised.standardError) }
            try "\(pin)\n".write(toFile: pinFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pinFile)
        }
        var text = try String(contentsOfFile: pipeline, encoding: .utf8)
        text = text.replacingOccurrences(of: "signing: keys/bureau-signing", with: "signing: \"\(Self.signingURI)\"")
        text = text.replacingOccurrences(of: "fingerprint: keys/fingerprint.key", with: "fingerprint: \"\(Self.fingerprintURI)\"")
        text += "\npkcs11:\n  module: \(Self.module)\n  pin_file: etc/token.pin\n"
        try text.write(toFile: pipeline, atomically: true, encoding: .utf8)
    }

    /// Runs `cardprep` with this workspace's token configuration.
    func cardprep(_ arguments: [String]) throws -> BuiltExecutable.Outcome {
        try BuiltExecutable(name: "cardprep").run(
            arguments, in: URL(fileURLWithPath: root), environment: ["TMPDIR": sample.temporary, "SOFTHSM2_CONF": configuration])
    }

    /// Runs a system tool with this workspace's token configuration.
    func tool(_ path: String, _ arguments: [String], input: Data? = nil) throws -> BuiltExecutable.Outcome {
        try BuiltExecutable.system(path).run(
            arguments, input: input, in: URL(fileURLWithPath: root),
            environment: ["SOFTHSM2_CONF": configuration])
    }

    /// Generates the signing key in the token and moves the sample's fingerprint key into it, with the commands
    /// the README gives; the key files are deleted, and allowed_signers trusts the token's key alone.
    func putKeysInToken() throws {
        let generated = try cardprep([
            "keys", "token-generate", "--pipeline", pipeline, "--uri", Self.signingURI,
            "--type", "ed25519", "--principal", "cardprep@test",
        ])
        guard generated.status == 0,
            let line = generated.standardOutput.split(separator: "\n").first(where: { $0.hasPrefix("allowed_signers: ") })
        else { throw SetupFailure(reason: generated.standardError) }
        try (line.dropFirst("allowed_signers: ".count) + "\n").write(
            toFile: root + "/keys/allowed_signers", atomically: true, encoding: .utf8)
        let moved = try cardprep([
            "keys", "token-fingerprint-key", "--pipeline", pipeline, "--uri", Self.fingerprintURI,
            "--from", root + "/keys/fingerprint.key",
        ])
        guard moved.status == 0 else { throw SetupFailure(reason: moved.standardError) }
        try FileManager.default.removeItem(atPath: root + "/keys/fingerprint.key")
        try FileManager.default.removeItem(atPath: root + "/keys/bureau-signing")
    }

    struct SetupFailure: Error, CustomStringConvertible {
        let reason: String
        var description: String { "cannot set up the SoftHSM2 token: \(reason)" }
    }
}
