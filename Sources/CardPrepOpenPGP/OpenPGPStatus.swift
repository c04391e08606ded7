/// A librnp status code (`rnp_result_t`), named: every code `rnp_err.h` of librnp 0.16 defines has a case.
public enum OpenPGPStatus: Hashable, Sendable, CustomStringConvertible {
    case success
    case generic, badFormat, badParameters, notImplemented, notSupported, outOfMemory, shortBuffer, nullPointer
    case access, read, write
    case badState, macInvalid, signatureInvalid, keyGeneration, badPassword, keyNotFound, noSuitableKey
    case decryptFailed, rng, signingFailed, noSignaturesFound, signatureExpired, verificationFailed, signatureUnknown
    case notEnoughData, unknownTag, packetNotConsumed, noUserID, eof
    /// A code librnp 0.16 does not document.
    case unknown(UInt32)

    /// Names a raw status code.
    init(code: UInt32) {
        self = Self.byCode[code] ?? .unknown(code)
    }

    private static let byCode: [UInt32: OpenPGPStatus] = {
        var table: [UInt32: OpenPGPStatus] = [0: .success]
        let groups: [(UInt32, [OpenPGPStatus])] = [
            (0x1000_0000, [.generic, .badFormat, .badParameters, .notImplemented, .notSupported, .outOfMemory, .shortBuffer,
                           .nullPointer]),
            (0x1100_0000, [.access, .read, .write]),
            (0x1200_0000, [.badState, .macInvalid, .signatureInvalid, .keyGeneration, .badPassword, .keyNotFound,
                           .noSuitableKey, .decryptFailed, .rng, .signingFailed, .noSignaturesFound, .signatureExpired,
                           .verificationFailed, .signatureUnknown]),
            (0x1300_0000, [.notEnoughData, .unknownTag, .packetNotConsumed, .noUserID, .eof]),
        ]
        for (base, statuses) in groups {
            for (offset, status) in statuses.enumerated() { table[base + UInt32(offset)] = status }
        }
        return table
    }()

    /// The constant's name in `rnp_err.h`, for messages.
    public var description: String {
        switch self {
        case .success: "RNP_SUCCESS"
        case .generic: "RNP_ERROR_GENERIC"
        case .badFormat: "RNP_ERROR_BAD_FORMAT"
        case .badParameters: "RNP_ERROR_BAD_PARAMETERS"
        case .notImplemented: "RNP_ERROR_NOT_IMPLEMENTED"
        case .notSupported: "RNP_ERROR_NOT_SUPPORTED"
        case .outOfMemory: "RNP_ERROR_OUT_OF_MEMORY"
        case .shortBuffer: "RNP_ERROR_SHORT_BUFFER"
        case .nullPointer: "RNP_ERROR_NULL_POINTER"
        case .access: "RNP_ERROR_ACCESS"
        case .read: "RNP_ERROR_READ"
        case .write: "RNP_ERROR_WRITE"
        case .badState: "RNP_ERROR_BAD_STATE"
        case .macInvalid: "RNP_ERROR_MAC_INVALID"
        case .signatureInvalid: "RNP_ERROR_SIGNATURE_INVALID"
        case .keyGeneration: "RNP_ERROR_KEY_GENERATION"
        case .badPassword: "RNP_ERROR_BAD_PASSWORD"
        case .keyNotFound: "RNP_ERROR_KEY_NOT_FOUND"
        case .noSuitableKey: "RNP_ERROR_NO_SUITABLE_KEY"
        case .decryptFailed: "RNP_ERROR_DECRYPT_FAILED"
        case .rng: "RNP_ERROR_RNG"
        case .signingFailed: "RNP_ERROR_SIGNING_FAILED"
        case .noSignaturesFound: "RNP_ERROR_NO_SIGNATURES_FOUND"
        case .signatureExpired: "RNP_ERROR_SIGNATURE_EXPIRED"
        case .verificationFailed: "RNP_ERROR_VERIFICATION_FAILED"
        case .signatureUnknown: "RNP_ERROR_SIGNATURE_UNKNOWN"
        case .notEnoughData: "RNP_ERROR_NOT_ENOUGH_DATA"
        case .unknownTag: "RNP_ERROR_UNKNOWN_TAG"
        case .packetNotConsumed: "RNP_ERROR_PACKET_NOT_CONSUMED"
        case .noUserID: "RNP_ERROR_NO_USERID"
        case .eof: "RNP_ERROR_EOF"
        case let .unknown(code): "rnp status 0x\(String(code, radix: 16))"
        }
    }
}
