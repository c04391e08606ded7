import ArgumentParser
import CardPrepCrypto
import CardPrepPKCS11
import CardPrepStages

/// How a `keys token-…` command reaches the token: the pipeline file's `pkcs11` block, or the module and PIN given.
struct TokenOptions: ParsableArguments {
    @Option(help: "A pipeline file whose pkcs11 block names the module and the PIN's source.")
    var pipeline: String?

    @Option(help: "The PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so (instead of --pipeline).")
    var module: String?

    @Option(help: "A file holding the token's user PIN, mode 0600 or 0400 (instead of --pipeline).")
    var pinFile: String?

    @Option(help: "A file descriptor to read the user PIN from, e.g. 3 with 3</etc/cardprep/token.pin.")
    var pinFD: Int32?

    @Option(help: "The key's PKCS#11 URI (RFC 7512), e.g. pkcs11:token=cardprep;object=bureau-signing.")
    var uri: String

    func validate() throws {
        if pipeline != nil, module != nil || pinFile != nil || pinFD != nil {
            throw ValidationError("give --pipeline, or --module with --pin-file or --pin-fd; not both")
        }
        if pipeline == nil, module == nil { throw ValidationError("give --pipeline, or --module with --pin-file or --pin-fd") }
        if module != nil, (pinFile == nil) == (pinFD == nil) { throw ValidationError("give one of --pin-file and --pin-fd") }
    }

    /// The URI, checked.
    func keyURI() throws -> PKCS11URI {
        do { return try PKCS11URI(uri) } catch { throw CommandFailure.report("--uri \(uri): \(error)", code: .usage) }
    }

    /// The module and PIN source.
    func settings() throws -> TokenSettings {
        if let pipeline {
            let definition: PipelineDefinition
            do { definition = try PipelineDefinition.load(path: pipeline) } catch {
                throw CommandFailure.report("\(error)", code: .usage)
            }
            guard let token = definition.token else {
                throw CommandFailure.report("\(pipeline) has no pkcs11 block (module, pin_file or pin_fd)", code: .usage)
            }
            return token
        }
        let pin: TokenSettings.PINSource = if let pinFile { .file(pinFile) } else { .descriptor(pinFD ?? 0) }
        return TokenSettings(module: module ?? "", pin: pin)
    }
}
