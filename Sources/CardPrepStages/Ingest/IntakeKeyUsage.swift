import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation

/// Which intake key opened which drops, and when each was first and last used: what a bureau needs to rotate its
/// intake key (the new key beside the old in the identity file; the old removed once no customer uses it).
public struct IntakeKeyUsage: Sendable, Encodable {
    /// One intake key.
    public struct Key: Sendable, Encodable {
        /// `age1…`, `age-plugin-<name>` or `openpgp:<fingerprint>`.
        public var key: String
        /// Whether the pipeline's identity file holds it now.
        public var configured: Bool
        /// How many drops it opened.
        public var drops: Int
        public var firstUse: String?
        public var lastUse: String?
        /// The customers whose drops it opened, in order.
        public var customers: [String]
    }

    public var format = "cardprep-intake-keys/1"
    public var keys: [Key]

    /// Reads the `drop.ingested` events of the ledger and the keys the pipeline's identity file holds.
    /// - Throws: `LedgerError`; key file errors.
    public static func collect(pipeline: PipelineDefinition, ledger: Ledger) throws -> IntakeKeyUsage {
        let configured = try AgeKeyText.identities(parsing: try PrivateKeyFile.read(pipeline.identityFile)).map(AgeIdentityLabel.of)
        var keys: [String: Key] = [:]
        for name in configured { keys[name] = Key(key: name, configured: true, drops: 0, customers: []) }
        let drops = Dictionary(try ledger.drops().map { ($0.id, $0.customer) }) { first, _ in first }
        for entry in try ledger.auditEntries() where entry.event == "drop.ingested" {
            for name in entry.key.split(separator: ",").map(String.init) where !name.isEmpty {
                var key = keys[name] ?? Key(key: name, configured: false, drops: 0, customers: [])
                key.drops += 1
                key.firstUse = key.firstUse ?? entry.at
                key.lastUse = entry.at
                if let customer = entry.dropID.flatMap({ drops[$0] }), !key.customers.contains(customer) {
                    key.customers.append(customer)
                }
                keys[name] = key
            }
        }
        let order = configured + keys.keys.filter { !configured.contains($0) }.sorted()
        return IntakeKeyUsage(keys: order.compactMap { keys[$0] })
    }

    /// A line per key: `age1… configured, 12 drops, first … last … (cust-01, cust-02)`.
    public var text: String {
        keys.map { key in
            let use = key.drops == 0 ? "never used" : "\(key.drops) drop(s), first \(key.firstUse ?? "-"), last \(key.lastUse ?? "-")"
                + " (\(key.customers.joined(separator: ", ")))"
            return "\(key.key)  \(key.configured ? "in the identity file" : "no longer in the identity file")  \(use)"
        }.joined(separator: "\n") + "\n"
    }
}
