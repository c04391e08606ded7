internal import CLibRNP
import Glibc

/// The owner of one `rnp_ffi_t`: a key store in memory, created in `init` and destroyed with every key in it in
/// `deinit`. Each keyring holds one party's keys only (the bureau's secret key, or one customer's public keys), so
/// that a key of one can never stand in for the other.
final class RNPKeyring {
    let ffi: OpaquePointer

    /// Creates an empty keyring whose library diagnostics go nowhere (they would reach the cron log as noise; every
    /// failure reaches the caller as a typed error instead).
    /// - Throws: `OpenPGPError.library` when librnp cannot create it.
    init() throws(OpenPGPError) {
        var ffi: OpaquePointer?
        try check(rnp_ffi_create(&ffi, RNP_KEYSTORE_GPG, RNP_KEYSTORE_GPG), "rnp_ffi_create")
        guard let ffi else { throw .library(operation: "rnp_ffi_create", status: .nullPointer, message: "no handle") }
        self.ffi = ffi
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        // librnp owns the descriptor from here on and closes it with the keyring.
        if devNull >= 0, rnp_ffi_set_log_fd(ffi, devNull) != 0 { close(devNull) }
    }

    deinit { rnp_ffi_destroy(ffi) }

    /// Imports OpenPGP keys (binary or ASCII-armored transferable keys, one or more) from `bytes`.
    /// - Parameter secret: whether to keep secret key material too.
    /// - Throws: `OpenPGPError.library` when the bytes are not OpenPGP keys.
    func importKeys(_ bytes: [UInt8], secret: Bool) throws(OpenPGPError) {
        let input = try RNPInput(copying: bytes)
        let flags = RNP_LOAD_SAVE_PUBLIC_KEYS | (secret ? RNP_LOAD_SAVE_SECRET_KEYS : 0)
        try check(rnp_import_keys(ffi, input.handle, UInt32(flags), nil), "rnp_import_keys")
    }

    /// Every key in the keyring, primary keys and subkeys.
    /// - Throws: `OpenPGPError.library` when the keyring cannot be listed.
    func keys() throws(OpenPGPError) -> [RNPKey] {
        var iterator: OpaquePointer?
        try check(rnp_identifier_iterator_create(ffi, &iterator, "fingerprint"), "rnp_identifier_iterator_create")
        defer { rnp_identifier_iterator_destroy(iterator) }
        var fingerprints: [String] = []
        while true {
            var identifier: UnsafePointer<CChar>?
            try check(rnp_identifier_iterator_next(iterator, &identifier), "rnp_identifier_iterator_next")
            guard let identifier else { break }
            fingerprints.append(String(cString: identifier))
        }
        var found: [RNPKey] = []
        for fingerprint in fingerprints {
            var handle: OpaquePointer?
            try check(rnp_locate_key(ffi, "fingerprint", fingerprint, &handle), "rnp_locate_key")
            if let handle { found.append(RNPKey(handle)) }
        }
        return found
    }
}

/// The owner of one `rnp_key_handle_t`.
final class RNPKey {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { rnp_key_handle_destroy(handle) }

    /// The key's fingerprint, upper-case hex.
    var fingerprint: String { get throws(OpenPGPError) { try takeString("rnp_key_get_fprint") { rnp_key_get_fprint(handle, $0) } } }

    /// The key's 64-bit key id, upper-case hex (what messages name their recipients and signers by).
    var keyID: String { get throws(OpenPGPError) { try takeString("rnp_key_get_keyid") { rnp_key_get_keyid(handle, $0) } } }

    /// The fingerprint of the primary key: the key's own for a primary key, its primary's for a subkey.
    var primaryFingerprint: String {
        get throws(OpenPGPError) {
            guard try flag("rnp_key_is_sub", rnp_key_is_sub) else { return try fingerprint }
            return try takeString("rnp_key_get_primary_fprint") { rnp_key_get_primary_fprint(handle, $0) }
        }
    }

    var isPrimary: Bool { get throws(OpenPGPError) { try flag("rnp_key_is_primary", rnp_key_is_primary) } }
    var hasSecret: Bool { get throws(OpenPGPError) { try flag("rnp_key_have_secret", rnp_key_have_secret) } }
    var isProtected: Bool { get throws(OpenPGPError) { try flag("rnp_key_is_protected", rnp_key_is_protected) } }

    /// Unlocks the secret key material in memory for the keyring's lifetime (the key file is not changed).
    /// - Throws: `OpenPGPError.wrongPassphrase` when `passphrase` does not unlock it; `.library` otherwise.
    func unlock(_ passphrase: String) throws(OpenPGPError) {
        let code = rnp_key_unlock(handle, passphrase)
        if OpenPGPStatus(code: code) == .badPassword { throw .wrongPassphrase(fingerprint: try fingerprint) }
        try check(code, "rnp_key_unlock")
    }

    private func flag(_ operation: String, _ call: (OpaquePointer?, UnsafeMutablePointer<Bool>?) -> rnp_result_t) throws(OpenPGPError) -> Bool {
        var value = false
        try check(call(handle, &value), operation)
        return value
    }
}
