import CardPrepCore
import CardPrepCrypto

extension PipelineDefinition {
    /// The issuer's card verification key a product names: a key in the token (through the pipeline's `pkcs11`
    /// block), or a key file (tests and demonstrations only).
    /// - Throws: `TokenKeyError` when the pipeline reaches no token or the key is not there; `KeyFileError` for a file.
    public func cardVerificationKey(_ reference: KeyReference) throws -> any CardVerificationCipher {
        switch reference {
        case .file(let path): return try CardVerificationKeyFile.load(path)
        case .token(let uri):
            guard let token else { throw TokenKeyError.notConfigured(uri: uri.text) }
            return try TokenCardVerificationKey(uri, settings: token)
        }
    }
}
