import CardPrepCrypto
import CardPrepPKCS11
import Foundation
import Testing

/// One SoftHSM2 token for the in-process tests, in a temporary folder of this test process.
///
/// SoftHSM reads `SOFTHSM2_CONF` once, when the module is initialised, and a process initialises a module once;
/// so the tests of one process share one token, and each test names its keys with a label of its own. Other test
/// processes (the end-to-end tests' `cardprep` runs) get their own configuration and token folder, so nothing clashes.
enum SoftHSMTestToken {
    /// Debian's SoftHSM2 module.
    static let module = "/usr/lib/softhsm/libsofthsm2.so"
    /// The token's label.
    static let label = "cardprep-tests"

    /// The token's folder and PIN file, created on first use.
    struct Prepared: Sendable {
        let folder: String
        let pinFile: String
        var settings: TokenSettings { TokenSettings(module: SoftHSMTestToken.module, pin: .file(pinFile)) }
    }

    /// Sets the token up once per process, before the module is first loaded.
    static let prepared: Result<Prepared, SetupFailure> = {
        let folder = NSTemporaryDirectory() + "cardprep-softhsm-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(
                atPath: folder + "/tokens", withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            let configuration = folder + "/softhsm2.conf"
            try "directories.tokendir = \(folder)/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
                .write(toFile: configuration, atomically: true, encoding: .utf8)
            setenv("SOFTHSM2_CONF", configuration, 1)
            let initialise = Process()
            initialise.executableURL = URL(fileURLWithPath: "/usr/bin/softhsm2-util")
            initialise.arguments = ["--init-token", "--free", "--label", label, "--pin", "1234", "--so-pin", "5678"]
            initialise.standardOutput = FileHandle.nullDevice
            try initialise.run()
            initialise.waitUntilExit()
            guard initialise.terminationStatus == 0 else {
                return .failure(SetupFailure(reason: "softhsm2-util --init-token failed"))
            }
            let pinFile = folder + "/token.pin"
            try "1234\n".write(toFile: pinFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pinFile)
            return .success(Prepared(folder: folder, pinFile: pinFile))
        } catch {
            return .failure(
                SetupFailure(reason: "\(error) (is softhsm2 installed? Pipelines/install-dependencies.sh installs it)"))
        }
    }()

    /// The token's settings, set up on first use.
    static func settings() throws -> TokenSettings { try prepared.get().settings }

    /// A URI for a new object of this test, with a label no other test uses.
    static func newURI(_ name: String) throws -> PKCS11URI {
        try PKCS11URI("pkcs11:token=\(label);object=\(name)-\(UUID().uuidString.prefix(8))")
    }

    struct SetupFailure: Error, CustomStringConvertible {
        let reason: String
        var description: String { "cannot set up the SoftHSM2 test token: \(reason)" }
    }
}

/// The suites that use the test token, run one after another: objects created on one SoftHSM token from two threads
/// of one process at once have failed with `CKR_GENERAL_ERROR`.
@Suite(.serialized) enum TokenTests {}
