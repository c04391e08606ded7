/// Why an age file could not be written or read, or an age key could not be used.
public enum AgeError: Error, Equatable, CustomStringConvertible {
    /// None of the given identities could unwrap the file key.
    case noIdentityMatched
    /// The header does not follow the age v1 format.
    case headerMalformed(reason: String)
    /// The header MAC does not match: the header was altered or the file key is wrong.
    case headerMACMismatch
    /// A recipient stanza that an identity recognised is invalid (wrong sizes, weak key, bad arguments).
    case stanzaInvalid(type: String, reason: String)
    /// An scrypt stanza asks for more work than the identity allows.
    case scryptWorkFactorTooHigh(workFactor: Int, maximum: Int)
    /// A payload chunk failed authentication (zero-based chunk index).
    case payloadAuthenticationFailed(chunk: Int)
    /// The payload ends before its final chunk (zero-based index of the missing or cut chunk).
    case payloadTruncated(chunk: Int)
    /// Bytes follow the final payload chunk, or the final chunk is empty although it is not the only one.
    case payloadMalformed(reason: String)
    /// The ASCII armor is not canonical.
    case armorMalformed(reason: String)
    /// A line of a key or recipients text is not a valid key (one-based line number; the line is never echoed).
    case badKeyText(line: Int, reason: String)
    /// A key or recipient string is not valid.
    case badKey(reason: String)
    /// A passphrase cannot be used (for example an empty one).
    case badPassphrase(reason: String)
    /// The recipients cannot be combined (an scrypt recipient must be alone) or none were given.
    case badRecipients(reason: String)
    /// The sink was used after `finish()`.
    case sinkFinished

    /// The broad class of an error, as the conformance vectors and the exit codes group them.
    public var kind: AgeErrorKind {
        switch self {
        case .noIdentityMatched: .noMatch
        case .headerMalformed, .stanzaInvalid, .scryptWorkFactorTooHigh: .header
        case .headerMACMismatch: .headerMAC
        case .payloadAuthenticationFailed, .payloadTruncated, .payloadMalformed: .payload
        case .armorMalformed: .armor
        case .badKeyText, .badKey, .badPassphrase, .badRecipients, .sinkFinished: .usage
        }
    }

    /// One readable sentence; never contains key material.
    public var description: String {
        switch self {
        case .noIdentityMatched: "no identity matched any of the file's recipients"
        case let .headerMalformed(reason): "age header is malformed: \(reason)"
        case .headerMACMismatch: "age header MAC does not match: the header was altered or the key is wrong"
        case let .stanzaInvalid(type, reason): "invalid \(type) recipient stanza: \(reason)"
        case let .scryptWorkFactorTooHigh(factor, maximum):
            "scrypt work factor \(factor) is above the allowed maximum \(maximum)"
        case let .payloadAuthenticationFailed(chunk): "payload chunk \(chunk) failed authentication"
        case let .payloadTruncated(chunk): "payload is truncated at chunk \(chunk)"
        case let .payloadMalformed(reason): "payload is malformed: \(reason)"
        case let .armorMalformed(reason): "ASCII armor is malformed: \(reason)"
        case let .badKeyText(line, reason): "line \(line): \(reason)"
        case let .badKey(reason): "invalid age key: \(reason)"
        case let .badPassphrase(reason): "unusable passphrase: \(reason)"
        case let .badRecipients(reason): "unusable recipients: \(reason)"
        case .sinkFinished: "the age sink was already finished"
        }
    }
}

/// Broad classes of `AgeError`.
public enum AgeErrorKind: Sendable, Equatable {
    /// No identity matched.
    case noMatch
    /// The header is malformed or a stanza is invalid.
    case header
    /// The header MAC did not verify.
    case headerMAC
    /// The payload failed authentication or is truncated or malformed.
    case payload
    /// The armor is malformed.
    case armor
    /// A key, passphrase or recipient list given by the caller is unusable.
    case usage
}
