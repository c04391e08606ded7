import Foundation

/// The MANIFEST inside a bundle: its format version, the drop it archives, and every other entry with its
/// size and SHA-256. It is the first thing a verifier checks; `MANIFEST.sig` beside it signs its exact bytes.
public struct BundleManifest: Codable, Sendable, Equatable {
    /// The format this version of CardPrep writes and reads.
    public static let currentFormat = "cardprep-bundle/1"
    /// The entry names of the manifest and its signature.
    public static let entryName = "MANIFEST"
    public static let signatureEntryName = "MANIFEST.sig"
    /// The SSHSIG namespace of bundle signatures (the detached one and the MANIFEST's).
    public static let signatureNamespace = "cardprep-bundle"

    /// One archived file.
    public struct Entry: Codable, Sendable, Equatable {
        public var name: String
        public var size: Int64
        /// Hex SHA-256 of the entry's bytes.
        public var sha256: String

        /// Creates an entry.
        public init(name: String, size: Int64, sha256: String) { self.name = name; self.size = size; self.sha256 = sha256 }
    }

    /// `cardprep-bundle/1`.
    public var format: String
    /// The drop's ledger identity (the SHA-256 of its MANIFEST.sha256).
    public var dropID: String
    /// The drop's name and customer as delivered.
    public var drop: String
    public var customer: String
    public var contract: String
    public var unit: String
    public var product: String
    /// The order's issue date, `YYYY-MM-DD`.
    public var date: String
    public var quantity: Int
    /// Counts by kind: `received`, `orders`, `custodyEvents`, `stageFiles`, `entries`.
    public var counts: [String: Int]
    /// When the bundle was written (ISO 8601, from the run's clock).
    public var created: String
    /// Every entry but MANIFEST and MANIFEST.sig, in bundle order.
    public var entries: [Entry]

    /// Creates a manifest of the current format.
    public init(dropID: String, drop: String, customer: String, contract: String, unit: String, product: String,
                date: String, quantity: Int, counts: [String: Int], created: String, entries: [Entry]) {
        self.format = Self.currentFormat
        self.dropID = dropID; self.drop = drop; self.customer = customer; self.contract = contract; self.unit = unit
        self.product = product; self.date = date; self.quantity = quantity; self.counts = counts; self.created = created
        self.entries = entries
    }

    /// The manifest's bytes: pretty JSON with sorted keys and a final newline, the same for the same values.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    /// The format named by manifest bytes, read before anything else so that an unknown version is reported as such.
    /// - Returns: nil when the bytes are not a JSON object with a `format` string.
    public static func format(of bytes: [UInt8]) -> String? {
        struct Head: Decodable { var format: String }
        return try? JSONDecoder().decode(Head.self, from: Data(bytes)).format
    }

    /// Decodes manifest bytes of the current format.
    /// - Throws: `DecodingError` when they do not hold a manifest.
    public static func decode(_ bytes: [UInt8]) throws -> BundleManifest {
        try JSONDecoder().decode(BundleManifest.self, from: Data(bytes))
    }
}
