/// Shamir's secret sharing over GF(2⁸): a secret split into N shares so that any M of them recover it and M − 1
/// reveal nothing about it. Each byte of the secret is the constant term of its own random polynomial of degree
/// M − 1; share x holds every polynomial's value at x.
public enum SecretSharing {
    /// A share together with the name messages give it (its file).
    public typealias NamedShare = (name: String, share: SecretShare)

    /// Splits `secret` into `count` shares, any `threshold` of which recover it.
    /// - Throws: `SecretShareError.badParameters` unless 2 ≤ threshold ≤ count ≤ 255 and the secret is not empty.
    public static func split(_ secret: [UInt8], count: Int, threshold: Int) throws(SecretShareError) -> [SecretShare] {
        var generator = SystemRandomNumberGenerator()
        return try split(secret, count: count, threshold: threshold, using: &generator)
    }

    /// Splits `secret` with coefficients and set id drawn from `generator` (a seeded one only in tests).
    public static func split(
        _ secret: [UInt8], count: Int, threshold: Int, using generator: inout some RandomNumberGenerator
    ) throws(SecretShareError) -> [SecretShare] {
        guard !secret.isEmpty else { throw .badParameters(reason: "the secret is empty") }
        guard threshold >= 2 else { throw .badParameters(reason: "the threshold must be at least 2, not \(threshold)") }
        guard threshold <= count else {
            throw .badParameters(reason: "the threshold \(threshold) is more than the \(count) shares")
        }
        guard count <= 255 else { throw .badParameters(reason: "at most 255 shares, not \(count)") }
        func randomBytes(_ length: Int) -> [UInt8] { (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let setID = randomBytes(SecretShare.setIDSize)
        let polynomials = secret.map { [$0] + randomBytes(threshold - 1) }
        let digest = SecretShare.digest(of: secret, setID: setID)
        return (1...count).map { index in
            SecretShare(
                setID: setID, count: count, threshold: threshold, index: index, secretDigest: digest,
                value: polynomials.map { GF256.evaluate($0, at: UInt8(index)) })
        }
    }

    /// Recovers the secret from shares of one set: the first M given are combined, the secret checked against the
    /// set's digest, and any further share checked to lie on the same polynomials.
    /// - Throws: `SecretShareError` naming the share that is of another set, inconsistent, given twice or altered;
    ///   `.tooFew` for fewer than M shares; `.secretMismatch` when the combination is not the secret.
    public static func combine(_ shares: [NamedShare]) throws(SecretShareError) -> [UInt8] {
        guard let first = shares.first else { throw .tooFew(given: 0, needed: 2, set: "-") }
        var seen: [Int: String] = [:]
        for (name, share) in shares {
            guard share.setID == first.share.setID else {
                throw .differentSets(share: name, set: share.setName, expected: first.share.setName)
            }
            guard share.count == first.share.count, share.threshold == first.share.threshold else {
                throw .inconsistent(
                    share: name,
                    reason:
                        "it says \(share.threshold) of \(share.count), the first says \(first.share.threshold) of \(first.share.count)"
                )
            }
            guard share.secretDigest == first.share.secretDigest, share.value.count == first.share.value.count else {
                throw .inconsistent(share: name, reason: "its digest or length differs from the first share's")
            }
            if let other = seen[share.index] { throw .duplicateIndex(share: name, other: other, index: share.index) }
            seen[share.index] = name
        }
        let needed = first.share.threshold
        guard shares.count >= needed else { throw .tooFew(given: shares.count, needed: needed, set: first.share.setName) }
        let used = shares.prefix(needed).map(\.share)
        let secret = interpolate(used, at: 0)
        guard SecretShare.digest(of: secret, setID: first.share.setID) == first.share.secretDigest else {
            throw .secretMismatch(set: first.share.setName, indexes: used.map(\.index))
        }
        for (name, extra) in shares.dropFirst(needed) where interpolate(used, at: UInt8(extra.index)) != extra.value {
            throw .notOnPolynomial(share: name)
        }
        return secret
    }

    /// The values at `x` of the polynomials through `shares`, byte by byte; with fewer than M shares this is not the
    /// secret (the tests show it).
    static func interpolate(_ shares: [SecretShare], at x: UInt8) -> [UInt8] {
        guard let length = shares.first?.value.count else { return [] }
        return (0..<length).map { position in
            GF256.interpolate(shares.map { (x: UInt8($0.index), y: $0.value[position]) }, at: x)
        }
    }
}
