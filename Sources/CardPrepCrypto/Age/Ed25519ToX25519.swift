/// The map from an Ed25519 public key to the X25519 public key of the same secret, as age's `ssh-ed25519` recipient
/// uses it: the birational map u = (1 + y) / (1 − y) from the twisted Edwards curve to the Montgomery curve.
///
/// Only public values pass through here, so the arithmetic need not be constant-time; the private side is
/// SHA-512 of the seed, left to swift-crypto's X25519.
enum Ed25519ToX25519 {
    /// The Montgomery u-coordinate (32 bytes, little-endian) of the Ed25519 point encoded in `edwardsKey`.
    /// - Returns: nil when the 32 bytes are not a point of the curve.
    static func montgomery(fromEdwards edwardsKey: [UInt8]) -> [UInt8]? {
        guard edwardsKey.count == 32 else { return nil }
        var encoded = edwardsKey
        encoded[31] &= 0x7F  // the top bit is the sign of x, which the map does not need
        let y = FieldElement25519(littleEndian: encoded)
        guard isOnCurve(y: y) else { return nil }
        let one = FieldElement25519(1)
        return ((one + y) * (one - y).inverse()).littleEndianBytes
    }

    /// Whether some x satisfies −x² + y² = 1 + d·x²·y², that is whether (y² − 1) / (d·y² + 1) is a square.
    static func isOnCurve(y: FieldElement25519) -> Bool {
        let one = FieldElement25519(1)
        let y2 = y * y
        let d = FieldElement25519(0) - FieldElement25519(121_665) * FieldElement25519(121_666).inverse()
        let denominator = d * y2 + one
        guard !denominator.isZero else { return false }
        let x2 = (y2 - one) * denominator.inverse()
        // Euler's criterion: x2^((p−1)/2) is 1 for a non-zero square, 0 for zero.
        let legendre = x2.power(FieldElement25519.halfOrderMinusHalf)
        return legendre.isZero || legendre == one
    }
}

/// An element of GF(2²⁵⁵ − 19), as sixteen signed 16-bit limbs, little-endian (room for carries in `Int64`).
struct FieldElement25519: Equatable {
    private var limbs: [Int64]

    /// p − 2, little-endian: the exponent of the inverse (Fermat).
    static let orderMinusTwo: [UInt8] = [0xEB] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]
    /// (p − 1) / 2, little-endian: the exponent of Euler's criterion.
    static let halfOrderMinusHalf: [UInt8] = [0xF6] + [UInt8](repeating: 0xFF, count: 30) + [0x3F]
    private static let order: [Int64] = [0xFFED] + [Int64](repeating: 0xFFFF, count: 14) + [0x7FFF]

    init(_ small: Int64) {
        limbs = [small] + [Int64](repeating: 0, count: 15)
        carry()
    }

    /// Reads 32 little-endian bytes; values of p and above are reduced.
    init(littleEndian bytes: [UInt8]) {
        precondition(bytes.count == 32)
        limbs = (0..<16).map { Int64(bytes[2 * $0]) | Int64(bytes[2 * $0 + 1]) << 8 }
        carry()
    }

    static func + (a: Self, b: Self) -> Self {
        var sum = a
        for index in 0..<16 { sum.limbs[index] += b.limbs[index] }
        sum.carry()
        return sum
    }

    static func - (a: Self, b: Self) -> Self {
        var difference = a
        for index in 0..<16 { difference.limbs[index] -= b.limbs[index] }
        difference.carry()
        return difference
    }

    static func * (a: Self, b: Self) -> Self {
        var wide = [Int64](repeating: 0, count: 31)
        for i in 0..<16 {
            for j in 0..<16 { wide[i + j] += a.limbs[i] * b.limbs[j] }
        }
        // 2²⁵⁶ ≡ 38 (mod p): fold the upper half onto the lower.
        for index in 0..<15 { wide[index] += 38 * wide[index + 16] }
        var product = a
        product.limbs = Array(wide[0..<16])
        product.carry()
        return product
    }

    /// self raised to the little-endian exponent `exponent`, by square-and-multiply from the top bit.
    func power(_ exponent: [UInt8]) -> Self {
        var result = FieldElement25519(1)
        for bit in stride(from: exponent.count * 8 - 1, through: 0, by: -1) {
            result = result * result
            if exponent[bit / 8] >> (bit % 8) & 1 == 1 { result = result * self }
        }
        return result
    }

    /// The multiplicative inverse; zero for zero.
    func inverse() -> Self { power(Self.orderMinusTwo) }

    var isZero: Bool { littleEndianBytes.allSatisfy { $0 == 0 } }

    /// The canonical encoding: the value in 0 ..< p, 32 bytes little-endian.
    var littleEndianBytes: [UInt8] {
        var reduced = self
        reduced.carry()
        for _ in 0..<2 {
            var candidate = reduced.limbs
            var borrow: Int64 = 0
            for index in 0..<16 {
                let digit = reduced.limbs[index] - Self.order[index] - borrow
                borrow = digit < 0 ? 1 : 0
                candidate[index] = digit & 0xFFFF
            }
            if borrow == 0 { reduced.limbs = candidate }
        }
        return reduced.limbs.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }

    static func == (a: Self, b: Self) -> Bool { a.littleEndianBytes == b.littleEndianBytes }

    /// Brings every limb into 0 ..< 2¹⁶, folding the carry out of the top limb back with 2²⁵⁶ ≡ 38.
    private mutating func carry() {
        for _ in 0..<3 {
            for index in 0..<16 {
                let overflow = limbs[index] >> 16
                limbs[index] -= overflow << 16
                if index < 15 { limbs[index + 1] += overflow } else { limbs[0] += 38 * overflow }
            }
        }
    }
}
