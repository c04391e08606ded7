import Crypto

/// The STREAM construction of age: 64 KiB chunks sealed with ChaCha20-Poly1305 under a key derived from the
/// file key and a random nonce; the chunk nonce is an 11-byte big-endian counter and a final-chunk flag.
struct AgePayloadStream {
    private let key: SymmetricKey
    private(set) var counter: UInt64 = 0

    /// Derives the payload key from the file key and the 16-byte payload nonce.
    init(fileKey: [UInt8], nonce: [UInt8]) {
        key = AgePrimitives.hkdf(key: fileKey, salt: nonce, info: "payload")
    }

    private func chunkNonce(final: Bool) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: 12)
        for index in 0..<8 { nonce[10 - index] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(index))) }
        nonce[11] = final ? 1 : 0
        return nonce
    }

    /// Seals the next chunk.
    mutating func seal(_ plaintext: [UInt8], final: Bool) -> [UInt8] {
        precondition(counter < UInt64(1) << 40, "age payload too long")
        defer { counter += 1 }
        return AgePrimitives.seal(plaintext, key: key, nonce: chunkNonce(final: final))
    }

    /// Opens the next chunk with the given final flag; advances only on success.
    /// - Returns: the plaintext, or nil when authentication fails.
    mutating func open(_ sealed: ArraySlice<UInt8>, final: Bool) -> [UInt8]? {
        guard let plaintext = AgePrimitives.open(sealed, key: key, nonce: chunkNonce(final: final)) else { return nil }
        counter += 1
        return plaintext
    }
}
