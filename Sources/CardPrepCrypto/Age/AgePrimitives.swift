import Crypto
import Foundation

/// The symmetric building blocks age combines: HKDF-SHA-256, ChaCha20-Poly1305 with ciphertext‖tag, HMAC.
enum AgePrimitives {
    /// HKDF-SHA-256 to a 32-byte key.
    static func hkdf(key: some DataProtocol, salt: some DataProtocol, info: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Array(key)), salt: salt, info: Array(info.utf8), outputByteCount: 32)
    }

    /// Seals with ChaCha20-Poly1305 and returns ciphertext‖tag (swift-crypto's `combined` puts the nonce first).
    static func seal(_ plaintext: [UInt8], key: SymmetricKey, nonce: [UInt8] = [UInt8](repeating: 0, count: 12)) -> [UInt8] {
        // A 12-byte nonce and a 32-byte key cannot fail.
        let box = try! ChaChaPoly.seal(plaintext, using: key, nonce: ChaChaPoly.Nonce(data: nonce))
        var out = [UInt8](box.ciphertext)
        out.append(contentsOf: box.tag)
        return out
    }

    /// Opens ciphertext‖tag with ChaCha20-Poly1305.
    /// - Returns: the plaintext, or nil when authentication fails.
    static func open(
        _ sealed: ArraySlice<UInt8>, key: SymmetricKey, nonce: [UInt8] = [UInt8](repeating: 0, count: 12)
    ) -> [UInt8]? {
        guard sealed.count >= AgeFormat.tagSize,
            let box = try? ChaChaPoly.SealedBox(
                nonce: ChaChaPoly.Nonce(data: nonce), ciphertext: sealed.dropLast(AgeFormat.tagSize),
                tag: sealed.suffix(AgeFormat.tagSize)),
            let plaintext = try? ChaChaPoly.open(box, using: key)
        else { return nil }
        return [UInt8](plaintext)
    }

    /// Fresh random bytes from the system generator.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
