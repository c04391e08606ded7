import CardPrepCore
import Foundation

extension CustomerOutbox {
    /// One drop's folder in the customer outbox after publishing.
    public struct Publication: Sendable, Equatable, Encodable {
        /// One file of the folder as the manifest lists it.
        public struct Entry: Sendable, Equatable, Codable {
            public var name: String
            public var sha256: String
            public var size: Int
        }

        public var dropID: String
        public var customer: String
        public var drop: String
        /// The drop's outbox folder.
        public var folder: String
        /// How many files the customer gets (signatures, the manifest and allowed_signers not counted).
        public var files: Int
        /// Whether anything was written this time.
        public var changed: Bool
        /// The SHA-256 of the folder's manifest.
        public var manifestSHA256: String

        /// The manifest of the folder.
        public var manifest: String { folder + "/" + CustomerOutbox.manifestName }

        /// The command that checks the manifest's signature, to paste into a shell; the manifest names every file's
        /// SHA-256, and each report's own `.sig` is checked the same way.
        public var verifyCommand: String {
            CustomerOutbox.verifyCommand(manifest, allowedSigners: folder + "/" + CustomerOutbox.allowedSignersName)
        }

        enum CodingKeys: String, CodingKey { case dropID, customer, drop, folder, files, manifest, manifestSHA256, verifyCommand }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(dropID, forKey: .dropID)
            try container.encode(customer, forKey: .customer)
            try container.encode(drop, forKey: .drop)
            try container.encode(folder, forKey: .folder)
            try container.encode(files, forKey: .files)
            try container.encode(manifest, forKey: .manifest)
            try container.encode(manifestSHA256, forKey: .manifestSHA256)
            try container.encode(verifyCommand, forKey: .verifyCommand)
        }
    }

    /// The command that checks the bureau's signature of `path` (`path.sig`) with an allowed_signers file; delivery
    /// lists are signed in their own namespace.
    public static func verifyCommand(_ path: String, allowedSigners: String) -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let space = name.hasPrefix("delivery-list-") ? DeliveryList.namespace : namespace
        return "ssh-keygen -Y verify -f \(Shell.quoted(allowedSigners)) -I \(principal) -n \(space) -s "
            + "\(Shell.quoted(path + ".sig")) < \(Shell.quoted(path))"
    }

    /// `MANIFEST.json` of a drop's outbox folder (format `cardprep-outbox/1`): every file but the manifest itself.
    struct Manifest: Codable, Equatable {
        var format = "cardprep-outbox/1"
        var customer: String
        var drop: String
        var dropID: String
        var files: [Publication.Entry]

        func encoded() throws -> [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return Array(try encoder.encode(self)) + [0x0A]
        }
    }
}

/// Why a drop's files could not be published for the customer.
public enum CustomerOutboxError: Error, Equatable, CustomStringConvertible {
    case sameName(String, drop: String)
    case unreadable(String)

    public var description: String {
        switch self {
        case let .sameName(name, drop): "drop \(drop) has two files named \(name) for the customer outbox"
        case let .unreadable(path): "cannot read \(path) to publish it for the customer"
        }
    }
}
