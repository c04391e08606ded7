import CardPrepCore
import CardPrepIO
import Foundation

/// An OpenSSH allowed_signers file (ssh-keygen(1), ALLOWED SIGNERS): which keys may sign as which principals.
///
/// Each line reads `principals [options] ssh-ed25519 AAAA… [comment]`, where principals is a pattern
/// list (`*@example.com`) and options may be `namespaces="…"`, `valid-after="…"`, `valid-before="…"`
/// and `cert-authority`. Certificate authorities and key types other than Ed25519 are kept aside in
/// `skipped` with the reason, since CardPrep verifies plain Ed25519 keys only.
public struct AllowedSigners: Equatable, Sendable {
    /// One usable line: a key and the principals, namespaces and time window it may sign for.
    public struct Entry: Equatable, Sendable {
        /// The line number, from 1.
        public let lineNumber: Int
        /// The principals the key may sign as.
        public let principals: SSHPatternList
        /// The namespaces the key may sign in; nil allows every namespace.
        public let namespaces: SSHPatternList?
        /// The key is not valid before this time.
        public let validAfter: Date?
        /// The key is not valid after this time.
        public let validBefore: Date?
        /// The signing key.
        public let key: SSHEd25519PublicKey

        /// Whether this entry lets its key sign as `principal` in `namespace` at `date`.
        public func allows(principal: String, namespace: String, at date: Date) -> Bool {
            principals.matches(principal) && allows(namespace: namespace, at: date)
        }

        /// Whether this entry lets its key sign in `namespace` at `date`, as any of its principals.
        public func allows(namespace: String, at date: Date) -> Bool {
            if let namespaces, !namespaces.matches(namespace) { return false }
            if let validAfter, date < validAfter { return false }
            if let validBefore, date > validBefore { return false }
            return true
        }
    }

    /// Why a well-formed line gives no usable key.
    public enum SkipReason: Equatable, Sendable, CustomStringConvertible {
        /// The line names a certificate authority; CardPrep does not verify certificate-signed keys.
        case certificateAuthority
        /// The key is of a type other than ssh-ed25519.
        case unsupportedKeyType(String)

        public var description: String {
            switch self {
            case .certificateAuthority: "cert-authority lines are ignored: CardPrep verifies plain Ed25519 keys only"
            case let .unsupportedKeyType(type): "key type \(type) is ignored: CardPrep verifies ssh-ed25519 keys only"
            }
        }
    }

    /// A well-formed line that gives no usable key, with the reason.
    public struct SkippedLine: Equatable, Sendable {
        /// The line number, from 1.
        public let lineNumber: Int
        /// Why the line is not used.
        public let reason: SkipReason
    }

    /// The usable lines, in file order.
    public let entries: [Entry]
    /// The well-formed lines that are not used, in file order.
    public let skipped: [SkippedLine]

    /// Parses the text of an allowed_signers file; blank lines and `#` comments are ignored.
    /// - Throws: `AllowedSignersError` for the first malformed line, as ssh-keygen stops at one.
    public init(parsing text: String) throws(AllowedSignersError) {
        var entries: [Entry] = []
        var skipped: [SkippedLine] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            switch try AllowedSignersLine.parse(String(line), lineNumber: index + 1) {
            case nil: continue
            case let .entry(entry)?: entries.append(entry)
            case let .skipped(reason)?: skipped.append(SkippedLine(lineNumber: index + 1, reason: reason))
            }
        }
        self.entries = entries
        self.skipped = skipped
    }

    /// The keys that may sign as `principal` in `namespace` at `date`, in file order, without repeats.
    public func keys(forPrincipal principal: String, namespace: String, at date: Date = Date()) -> [SSHEd25519PublicKey] {
        var keys: [SSHEd25519PublicKey] = []
        for entry in entries where entry.allows(principal: principal, namespace: namespace, at: date) {
            if !keys.contains(entry.key) { keys.append(entry.key) }
        }
        return keys
    }

    /// The principal patterns under which `key` may sign in `namespace` at `date` (like `ssh-keygen -Y find-principals`).
    public func principals(for key: SSHEd25519PublicKey, namespace: String, at date: Date = Date()) -> [SSHPatternList] {
        entries.filter { $0.key == key && $0.allows(namespace: namespace, at: date) }.map(\.principals)
    }
}

extension SSHSignature {
    /// Verifies a signature as `ssh-keygen -Y verify -f allowed_signers -I principal -n namespace` does.
    /// - Returns: the key that made the signature.
    /// - Throws: `SSHSignatureError` (`.unknownKey` when no line lets the signer sign as `principal`
    ///   in `namespace` now), or the message source's read error.
    public static func verify(
        _ armored: String, message: inout some ByteSource, namespace: String, principal: String,
        allowedSigners: AllowedSigners, at date: Date = Date()
    ) throws -> SSHEd25519PublicKey {
        let trusted = allowedSigners.keys(forPrincipal: principal, namespace: namespace, at: date)
        return try verify(armored, message: &message, namespace: namespace, trustedKeys: trusted)
    }
}
