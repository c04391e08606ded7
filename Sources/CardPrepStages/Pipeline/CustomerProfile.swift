import CardPrepCore
import CardPrepCrypto
import Foundation

/// A customer's profile (`Pipelines/customers/<customer>.yml`): who the customer is, which keys may sign its
/// drops, and its data contract: how its card data files are laid out and encoded, its products, name rules,
/// reject policy, and which production machines make each product.
///
/// ```yaml
/// customer: cust-01
/// name: Northwind Bank
/// signers:
///   - "ssh-ed25519 AAAA… cust-01"
/// card_data:
///   encoding: utf8            # or gb18030
///   delimiter: "|"
///   quote: '"'                # optional: RFC 4180 quoting
///   name_max_length: 26
///   long_names: abbreviate    # or reject
///   max_rejected_records: 0   # more rejected records than this quarantine the whole drop
///   max_rejected_share: 0.02  # optional, as a share of the records
/// products:
///   - code: C01-DEBIT
///     programme: bank          # or access
///     bins: ["400000", "410000-419999"]
///     pan_lengths: "16"        # or "13-19"
///     max_validity_months: 60
///     service_codes: ["201"]
///     repeats: {renewal: accept, reissue: refuse}   # further cards of an earlier card's number; both refuse by default
///     machines: [embosser-1, chip-encoder-1]
///   - code: C01-ACCESS
///     programme: access
///     bins: ["8"]
///     validity_months: {owner: 24, tenant: 12, merchant: 12}
///     machines: [laser-1]
/// card_data_encryption: age     # or openpgp; see `DropIntake` (with manifest_signature and openpgp_signers)
/// shipping:                    # carriers and boxes for the shipping plan; see `ShippingRules`
///   carriers: [{carrier: DHL Express, method: express-courier, transit_days: 2}]
/// acceptance:                  # QA terms when an order states none (each key defaults to CardPrep's defaults)
///   level: II
///   lot_basis: batch           # or delivery
///   critical: 0.10
///   major: 0.65
///   minor: 2.5
///   reduced_inspection: true   # the switching rules may move to reduced inspection
/// ```
public struct CustomerProfile: Sendable {
    /// The customer's folder name in the inbox.
    public var id: String
    /// The customer's name for reports.
    public var name: String
    /// Keys allowed to sign the customer's drop manifests. When not empty, every drop must carry a valid
    /// `MANIFEST.sha256.sig` by one of them.
    public var signers: [SSHEd25519PublicKey]
    /// How the customer's card data is laid out and checked.
    public var contract: CardDataContract
    /// The machine profiles that make each product, by product code.
    public var machinesByProduct: [String: [String]]
    /// QA acceptance terms for orders that state none; nil when the profile has no `acceptance` block.
    public var acceptance: AcceptanceTerms?
    /// How the customer's drops are encrypted and signed: age and SSHSIG unless the profile says OpenPGP.
    public var intake = DropIntake()
    /// The customer's carriers, box capacities and production days (`shipping`; see `ShippingRules`).
    public var shipping = ShippingRules()
    /// What each product adds to its machines' personalisation (card values, chip data), by product code.
    public var personalisationByProduct: [String: ProductPersonalisation] = [:]
    /// The issuer's card verification key of each product that computes card values, by product code.
    public var cardVerificationKeys: [String: KeyReference] = [:]

    /// The SSHSIG namespace customers sign drop manifests in (`ssh-keygen -Y sign -n cardprep-drop`).
    public static let manifestNamespace = "cardprep-drop"

    /// Reads a profile file.
    /// - Throws: `ConfigurationError` naming the line of the first mistake.
    public static func load(path: String) throws(ConfigurationError) -> CustomerProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: nil, reason: "cannot read the file")
        }
        var root = try ConfigurationMapping.parse(text: String(decoding: data, as: UTF8.self), file: path)
        try root.expectOnly(Set(["customer", "name", "signers", "card_data", "products", "acceptance", "shipping"]).union(DropIntake.keys))
        let id = try root.string("customer")
        let name = try root.optionalString("name") ?? id
        var signers: [SSHEd25519PublicKey] = []
        for line in try root.stringList("signers") ?? [] {
            do {
                signers.append(try SSHEd25519PublicKey(authorizedKeyLine: line))
            } catch {
                throw root.error("signers", "not an ssh-ed25519 public key line: \(error)")
            }
        }
        var contract = CardDataContract()
        if var cardData = try root.optionalMapping("card_data") { try ProfileContractReader.read(&cardData, into: &contract) }
        var machines: [String: [String]] = [:]
        var personalisation: [String: ProductPersonalisation] = [:]
        var cardKeys: [String: KeyReference] = [:]
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        for var product in try root.mappingList("products") ?? [] {
            let rule = try ProfileContractReader.product(&product)
            guard contract.product(rule.code) == nil else { throw product.error("code", "product '\(rule.code)' is listed twice") }
            contract.products.append(rule)
            machines[rule.code] = try product.stringList("machines") ?? []
            let added = try ProductPersonalisationReader.read(&product) { $0.hasPrefix("/") ? $0 : folder + "/" + $0 }
            personalisation[rule.code] = added.settings
            cardKeys[rule.code] = added.key
            try product.rejectUnknownKeys()
        }
        var acceptance: AcceptanceTerms?
        if var block = try root.optionalMapping("acceptance") { acceptance = try ProfileContractReader.acceptance(&block) }
        let intake = try DropIntake.read(&root, profileFolder: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        var shipping = ShippingRules()
        if var block = try root.optionalMapping("shipping") { shipping = try ShippingRulesReader.read(&block) }
        try root.rejectUnknownKeys()
        var profile = CustomerProfile(id: id, name: name, signers: signers, contract: contract, machinesByProduct: machines,
                                      acceptance: acceptance, intake: intake)
        profile.shipping = shipping
        profile.personalisationByProduct = personalisation
        profile.cardVerificationKeys = cardKeys
        return profile
    }

    /// The profile of `customer` in `folder`, or nil when the customer has none.
    /// - Throws: `ConfigurationError` when the profile exists but is wrong, or names another customer.
    public static func find(customer: String, in folder: String) throws(ConfigurationError) -> CustomerProfile? {
        let path = folder + "/" + customer + ".yml"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let profile = try load(path: path)
        guard profile.id == customer else {
            throw ConfigurationError(file: path, line: nil, reason: "profile is for '\(profile.id)', not '\(customer)'")
        }
        return profile
    }
}
