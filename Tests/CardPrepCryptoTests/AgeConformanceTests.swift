import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation
import Testing

/// Runs the C2SP age conformance vectors (`../shared/testdata/age`), except the post-quantum hybrid ones.
@Suite struct AgeConformanceTests {
    static let folderPresent = FileManager.default.fileExists(atPath: AgeTestSupport.vectorsFolder.path)
    static let vectors = AgeConformanceVector.all()
    /// Vectors whose keys this implementation knows: all but `hybrid_*` and files carrying a hybrid identity.
    static let supported = vectors.filter { vector in
        !vector.name.hasPrefix("hybrid") && vector.identities.allSatisfy { $0.hasPrefix("AGE-SECRET-KEY-1") }
    }

    /// The outcome classes of the vectors' `expect` field.
    enum Outcome: String {
        case success, noMatch = "no match", hmac = "HMAC failure", header = "header failure"
        case payload = "payload failure", armor = "armor failure"

        init(_ kind: AgeErrorKind) {
            switch kind {
            case .noMatch: self = .noMatch
            case .header, .usage: self = .header
            case .headerMAC: self = .hmac
            case .payload: self = .payload
            case .armor: self = .armor
            }
        }
    }

    @Test(.enabled(if: folderPresent, "age conformance vectors absent at ../shared/testdata/age"))
    func everyVectorFileLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: AgeTestSupport.vectorsFolder.path)
        #expect(Self.vectors.count == files.count - 1)
        #expect(Self.supported.count >= 110)
    }

    @Test(.enabled(if: folderPresent, "age conformance vectors absent at ../shared/testdata/age"), arguments: supported)
    func vectorGivesItsExpectedOutcome(_ vector: AgeConformanceVector) throws {
        let expected = try #require(Outcome(rawValue: vector.expect), "unknown expect \(vector.expect)")
        var identities: [any AgeIdentity] = try vector.identities.map { try AgeX25519Identity(bech32: $0) }
        identities += try vector.passphrases.map { try AgeScryptIdentity(passphrase: $0) }

        var released: [UInt8] = []
        var outcome = Outcome.success
        var failure = ""
        do {
            let source = try AgeDecryptingSource(wrapping: MemoryByteSource(vector.ageFile), identities: identities)
            while true {
                let piece = try source.read(upTo: 10_000)
                if piece.isEmpty { break }
                released += piece
            }
        } catch let error as AgeError {
            outcome = Outcome(error.kind)
            failure = error.description
        }
        #expect(outcome == expected, "\(vector.name): \(failure)")
        if let payload = vector.payloadSHA256 {
            #expect(AgeTestSupport.sha256Hex(released) == payload, "\(vector.name): released plaintext differs")
        } else {
            #expect(released.isEmpty, "\(vector.name): plaintext released although none is expected")
        }
    }
}
