/// Arithmetic in GF(2⁸) with the AES polynomial x⁸ + x⁴ + x³ + x + 1 (0x11B), for Shamir's secret sharing.
///
/// Multiplication is shift-and-add over all eight bits with no tables and no branches on the operands, so its
/// timing does not depend on the secret bytes.
enum GF256 {
    /// Addition (and subtraction): exclusive or.
    static func add(_ a: UInt8, _ b: UInt8) -> UInt8 { a ^ b }

    /// The product of `a` and `b` modulo 0x11B.
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a, b = b, product: UInt8 = 0
        for _ in 0..<8 {
            product ^= a & (0 &- (b & 1))  // add a when the low bit of b is set
            let high = a >> 7
            a = a << 1 ^ (0x1B & (0 &- high))  // a·x, reduced when it overflowed
            b >>= 1
        }
        return product
    }

    /// The multiplicative inverse of a non-zero `a`: a²⁵⁴, since a²⁵⁵ = 1.
    static func inverse(_ a: UInt8) -> UInt8 {
        precondition(a != 0, "zero has no inverse")
        var result: UInt8 = 1, base = a, exponent = 254
        while exponent > 0 {
            if exponent & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            exponent >>= 1
        }
        return result
    }

    /// The value at `x` of the polynomial with `coefficients` (constant term first), by Horner's rule.
    static func evaluate(_ coefficients: [UInt8], at x: UInt8) -> UInt8 {
        coefficients.reversed().reduce(0) { add(multiply($0, x), $1) }
    }

    /// The value at `target` of the polynomial of lowest degree through `points` (distinct x).
    static func interpolate(_ points: [(x: UInt8, y: UInt8)], at target: UInt8) -> UInt8 {
        var value: UInt8 = 0
        for (i, point) in points.enumerated() {
            var numerator: UInt8 = 1, denominator: UInt8 = 1
            for (j, other) in points.enumerated() where j != i {
                numerator = multiply(numerator, add(target, other.x))
                denominator = multiply(denominator, add(point.x, other.x))
            }
            value = add(value, multiply(point.y, multiply(numerator, inverse(denominator))))
        }
        return value
    }
}
