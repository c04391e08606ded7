import CardPrepCrypto

/// Reads the pipeline file's `pkcs11` block and key references (a path or a `pkcs11:` URI).
///
/// ```yaml
/// pkcs11:
///   module: /usr/lib/softhsm/libsofthsm2.so
///   pin_file: /etc/cardprep/token.pin     # mode 0600 or 0400, owned by the pipeline's user; or:
///   # pin_fd: 3                           # a descriptor the caller opened: cardprep run … 3</etc/cardprep/token.pin
/// keys:
///   signing: "pkcs11:token=cardprep;object=bureau-signing"
///   fingerprint: "pkcs11:token=cardprep;object=fingerprint"
/// ```
enum TokenSettingsReader {
    /// The `pkcs11` block's settings; nil when there is none.
    /// - Throws: `ConfigurationError` naming the line: unknown keys, no module, neither or both PIN sources.
    static func read(_ block: ConfigurationMapping?, resolve: (String) -> String) throws(ConfigurationError) -> TokenSettings? {
        guard var block else { return nil }
        try block.expectOnly(["module", "pin_file", "pin_fd"])
        let module = try block.string("module")
        let file = try block.optionalString("pin_file").map(resolve)
        let descriptor = try block.optionalInt("pin_fd")
        try block.rejectUnknownKeys()
        switch (file, descriptor) {
        case let (file?, nil): return TokenSettings(module: module, pin: .file(file))
        case let (nil, fd?):
            guard fd >= 3, fd <= Int(Int32.max) else {
                throw block.error("pin_fd", "must be a descriptor the caller opened, 3 or more (0, 1 and 2 are the terminal's)")
            }
            return TokenSettings(module: module, pin: .descriptor(Int32(fd)))
        case (nil, nil):
            throw block.error(
                "module", "the token's PIN is needed: pin_file (mode 0600 or 0400) or pin_fd; never argv or the environment")
        case (_?, _?): throw block.error("pin_fd", "give pin_file or pin_fd, not both")
        }
    }

    /// The key reference under `key` of `mapping`: a path (resolved) or a `pkcs11:` URI.
    /// - Throws: `ConfigurationError` naming the line when a URI is not one CardPrep accepts, or names a token key
    ///   while the pipeline has no `pkcs11` block.
    static func key(
        _ key: String, of mapping: inout ConfigurationMapping, token: TokenSettings?,
        resolve: (String) -> String
    ) throws(ConfigurationError) -> KeyReference? {
        guard let text = try mapping.optionalString(key) else { return nil }
        let reference: KeyReference
        do { reference = try KeyReference(text, resolve: resolve) } catch {
            throw mapping.error(key, "not a usable PKCS#11 URI: \(error)")
        }
        if case .token = reference, token == nil {
            throw mapping.error(key, "a pkcs11: key needs the pipeline's pkcs11 block (module, and pin_file or pin_fd)")
        }
        return reference
    }
}
