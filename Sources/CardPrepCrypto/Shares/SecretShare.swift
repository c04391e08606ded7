import CardPrepCore
import Crypto
import Foundation

/// One share of a secret split with Shamir's scheme over GF(2⁸) (`SecretSharing`), and its one-line text form.
///
/// The text is `CARDPREP-SHARE-1-` followed by canonical unpadded base64 (standard alphabet) of:
///
/// | bytes | field |
/// |---|---|
/// | 8 | share-set id: random, the same in every share of one split |
/// | 1 | N, how many shares were made (2…255) |
/// | 1 | M, how many are needed (2…N) |
/// | 1 | this share's index x (1…N): the polynomials are evaluated at x |
/// | 32 | SHA-256 of `cardprep-share-1` ‖ set id ‖ secret: shows whether shares combined to the secret |
/// | L | this share's value: one byte per secret byte, each the value at x of a random polynomial of degree M − 1 whose constant term is that secret byte |
/// | 4 | checksum: the first 4 bytes of SHA-256 of `CARDPREP-SHARE-1-` ‖ every byte above; names a corrupted share |
public struct SecretShare: Sendable, Equatable, CustomStringConvertible {
    /// What every share's text starts with; the digit is the format's version.
    public static let textPrefix = "CARDPREP-SHARE-1-"
    static let digestLabel = Array("cardprep-share-1".utf8)
    static let setIDSize = 8
    static let digestSize = 32
    static let checksumSize = 4
    static let fixedSize = setIDSize + 3 + digestSize + checksumSize

    /// The share-set id, the same in every share of one split.
    public let setID: [UInt8]
    /// How many shares were made (N).
    public let count: Int
    /// How many shares are needed to recover the secret (M).
    public let threshold: Int
    /// This share's index, 1…N.
    public let index: Int
    /// The salted SHA-256 of the secret, the same in every share of the set.
    let secretDigest: [UInt8]
    /// The polynomials' values at `index`; secret.
    let value: [UInt8]

    init(setID: [UInt8], count: Int, threshold: Int, index: Int, secretDigest: [UInt8], value: [UInt8]) {
        self.setID = setID; self.count = count; self.threshold = threshold; self.index = index
        self.secretDigest = secretDigest; self.value = value
    }

    /// The share-set id in hex, as messages and the audit log name it.
    public var setName: String { Hex.encode(setID) }

    /// Names the share without its value: `share 2 of set 1f2e… (3 of 5 needed)`.
    public var description: String { "share \(index) of set \(setName) (\(threshold) of \(count) needed)" }

    /// The one-line text form. Secret: it is a share of the key.
    public var text: String {
        let body = setID + [UInt8(count), UInt8(threshold), UInt8(index)] + secretDigest + value
        return Self.textPrefix + AgeBase64.encode(body + Self.checksum(of: body))
    }

    /// Parses the text form; whitespace around it (a trailing newline) is ignored.
    /// - Parameter name: how messages name the share (its file).
    /// - Throws: `SecretShareError.malformed` when the text is not a share of this format,
    ///   `.corrupted` when its checksum does not match.
    public init(text: String, name: String) throws(SecretShareError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(Self.textPrefix) else {
            throw .malformed(share: name, reason: "it does not start with \(Self.textPrefix)")
        }
        guard let bytes = AgeBase64.decode(trimmed.dropFirst(Self.textPrefix.count).utf8) else {
            throw .corrupted(share: name, reason: "it is not canonical base64")
        }
        guard bytes.count > Self.fixedSize else { throw .corrupted(share: name, reason: "it is too short") }
        let body = Array(bytes.dropLast(Self.checksumSize))
        guard Array(bytes.suffix(Self.checksumSize)) == Self.checksum(of: body) else {
            throw .corrupted(share: name, reason: "its checksum does not match")
        }
        let count = Int(body[8]), threshold = Int(body[9]), index = Int(body[10])
        guard 2 <= threshold, threshold <= count, 1 <= index, index <= count else {
            throw .malformed(share: name, reason: "share \(index), \(threshold) of \(count) needed, is not possible")
        }
        self.init(
            setID: Array(body[0..<8]), count: count, threshold: threshold, index: index,
            secretDigest: Array(body[11..<43]), value: Array(body[43...]))
    }

    static func checksum(of body: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(textPrefix.utf8) + body).prefix(checksumSize))
    }

    static func digest(of secret: [UInt8], setID: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: digestLabel + setID + secret))
    }
}

/// Why shares could not be made or combined; every case about one share names it.
public enum SecretShareError: Error, Equatable, CustomStringConvertible {
    /// N, M or the secret cannot be split (M < 2, M > N, N > 255, an empty secret).
    case badParameters(reason: String)
    /// The text is not a share of this format.
    case malformed(share: String, reason: String)
    /// The share was damaged: its checksum or encoding is wrong.
    case corrupted(share: String, reason: String)
    /// The share belongs to another split than the first share given.
    case differentSets(share: String, set: String, expected: String)
    /// The share says the same set but disagrees with the first share on N, M, the digest or the length.
    case inconsistent(share: String, reason: String)
    /// Two shares have the same index (the same share given twice).
    case duplicateIndex(share: String, other: String, index: Int)
    /// Fewer shares than the set needs.
    case tooFew(given: Int, needed: Int, set: String)
    /// The shares combine to a secret whose digest does not match: one was altered with a valid checksum.
    case secretMismatch(set: String, indexes: [Int])
    /// A share beyond the M used does not lie on the recovered polynomials.
    case notOnPolynomial(share: String)

    /// Whether the mistake is in what was asked for (usage) rather than in a share's content (verification).
    public var isUsage: Bool {
        switch self {
        case .badParameters, .tooFew, .duplicateIndex: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case let .badParameters(reason): "cannot split the secret: \(reason)"
        case let .malformed(share, reason): "\(share) is not a CardPrep key share: \(reason)"
        case let .corrupted(share, reason): "\(share) is a corrupted key share: \(reason)"
        case let .differentSets(share, set, expected):
            "\(share) is a share of set \(set), not of set \(expected) like the first share; shares of different splits never combine"
        case let .inconsistent(share, reason): "\(share) does not belong with the first share: \(reason)"
        case let .duplicateIndex(share, other, index): "\(share) and \(other) are both share \(index); give each share once"
        case let .tooFew(given, needed, set):
            "\(given) share\(given == 1 ? "" : "s") of set \(set) given, \(needed) needed"
        case let .secretMismatch(set, indexes):
            "shares \(indexes.map(String.init).joined(separator: ", ")) of set \(set) do not combine to the secret it was split from: one of them was altered"
        case let .notOnPolynomial(share): "\(share) does not agree with the other shares: it was altered"
        }
    }
}
