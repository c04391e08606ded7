internal import CLibRNP

/// The owner of one `rnp_op_verify_t`, and of the inputs and output it reads and writes: the operation is destroyed
/// first, then the streams it used.
final class RNPVerification {
    private let handle: OpaquePointer
    private let streams: [AnyObject]

    /// A decryption (and verification of any embedded signature) of `input` into `output`.
    /// - Throws: `OpenPGPError.library` when librnp cannot create the operation.
    init(decrypting input: RNPInput, into output: RNPOutput, with keyring: RNPKeyring) throws(OpenPGPError) {
        var op: OpaquePointer?
        try check(rnp_op_verify_create(&op, keyring.ffi, input.handle, output.handle), "rnp_op_verify_create")
        guard let op else { throw .library(operation: "rnp_op_verify_create", status: .nullPointer, message: "no handle") }
        handle = op
        streams = [input, output, keyring]
    }

    /// A verification of the detached signature `signature` over `data`.
    /// - Throws: `OpenPGPError.library` when librnp cannot create the operation.
    init(verifying data: RNPInput, signature: RNPInput, with keyring: RNPKeyring) throws(OpenPGPError) {
        var op: OpaquePointer?
        try check(rnp_op_verify_detached_create(&op, keyring.ffi, data.handle, signature.handle), "rnp_op_verify_detached_create")
        guard let op else { throw .library(operation: "rnp_op_verify_detached_create", status: .nullPointer, message: "no handle") }
        handle = op
        streams = [data, signature, keyring]
    }

    deinit { rnp_op_verify_destroy(handle) }

    /// Whether a call that reads what the operation found succeeded; these are queries after the fact, where a
    /// failure only means there is nothing to report, so the status is checked through the funnel and dropped.
    private func succeeded(_ code: rnp_result_t, _ operation: String) -> Bool { (try? check(code, operation)) != nil }

    /// Lets the operation succeed on encrypted data whatever embedded signatures it carries: card data is
    /// authenticated by the signed manifest, not by a signature inside the file.
    func ignoreSignaturesOnDecrypt() throws(OpenPGPError) {
        try check(rnp_op_verify_set_flags(handle, UInt32(RNP_VERIFY_IGNORE_SIGS_ON_DECRYPT)), "rnp_op_verify_set_flags")
    }

    /// Runs the operation; the status is returned, not thrown, so the caller can look at what was found first.
    func execute() -> (status: OpenPGPStatus, message: String) {
        let code = rnp_op_verify_execute(handle)
        return (OpenPGPStatus(code: code), message(for: code))
    }

    /// The protection of the message: librnp's mode ("none", "cfb", "cfb-mdc", "aead-ocb", "aead-eax"), the cipher,
    /// and whether integrity protection was present and verified.
    func protection() -> (mode: String, cipher: String, valid: Bool) {
        var mode: UnsafeMutablePointer<CChar>?, cipher: UnsafeMutablePointer<CChar>?
        var valid = false
        guard succeeded(rnp_op_verify_get_protection_info(handle, &mode, &cipher, &valid), "rnp_op_verify_get_protection_info") else { return ("unknown", "unknown", false) }
        defer { rnp_buffer_destroy(mode); rnp_buffer_destroy(cipher) }
        return (mode.map { String(cString: $0) } ?? "unknown", cipher.map { String(cString: $0) } ?? "unknown", valid)
    }

    /// The key ids the message is encrypted to (public-key recipients), as far as librnp read them.
    func recipientKeyIDs() -> [String] {
        var count = 0
        guard succeeded(rnp_op_verify_get_recipient_count(handle, &count), "rnp_op_verify_get_recipient_count") else { return [] }
        return (0..<count).compactMap { index in
            var recipient: OpaquePointer?
            guard succeeded(rnp_op_verify_get_recipient_at(handle, index, &recipient), "rnp_op_verify_get_recipient_at"), let recipient else { return nil }
            return try? takeString("rnp_recipient_get_keyid") { rnp_recipient_get_keyid(recipient, $0) }
        }
    }

    /// The key id of the recipient whose key decrypted the message; nil when no public key did.
    func usedRecipientKeyID() -> String? {
        var recipient: OpaquePointer?
        guard succeeded(rnp_op_verify_get_used_recipient(handle, &recipient), "rnp_op_verify_get_used_recipient"), let recipient else { return nil }
        return try? takeString("rnp_recipient_get_keyid") { rnp_recipient_get_keyid(recipient, $0) }
    }

    /// How many passphrase (symmetric) key packets the message carries.
    func passphraseRecipientCount() -> Int {
        var count = 0
        guard succeeded(rnp_op_verify_get_symenc_count(handle, &count), "rnp_op_verify_get_symenc_count") else { return 0 }
        return count
    }

    /// Each signature found: its verification status, the key id it names, and the key's primary fingerprint when
    /// the keyring holds the key.
    func signatures() -> [(status: OpenPGPStatus, keyID: String, signer: String?)] {
        var count = 0
        guard succeeded(rnp_op_verify_get_signature_count(handle, &count), "rnp_op_verify_get_signature_count") else { return [] }
        return (0..<count).compactMap { index in
            var signature: OpaquePointer?
            guard succeeded(rnp_op_verify_get_signature_at(handle, index, &signature), "rnp_op_verify_get_signature_at"), let signature else { return nil }
            let status = OpenPGPStatus(code: rnp_op_verify_signature_get_status(signature))
            var keyID = "unknown"
            var signatureHandle: OpaquePointer?
            if succeeded(rnp_op_verify_signature_get_handle(signature, &signatureHandle), "rnp_op_verify_signature_get_handle"), let signatureHandle {
                keyID = (try? takeString("rnp_signature_get_keyid") { rnp_signature_get_keyid(signatureHandle, $0) }) ?? keyID
                rnp_signature_handle_destroy(signatureHandle)
            }
            var keyHandle: OpaquePointer?
            var signer: String?
            if succeeded(rnp_op_verify_signature_get_key(signature, &keyHandle), "rnp_op_verify_signature_get_key"), let keyHandle {
                signer = try? RNPKey(keyHandle).primaryFingerprint
            }
            return (status, keyID, signer)
        }
    }
}
