import CardPrepCore

/// Reads the data-contract parts of a customer profile into `CardDataContract` values.
enum ProfileContractReader {
    static func read(_ mapping: inout ConfigurationMapping, into contract: inout CardDataContract) throws(ConfigurationError) {
        try mapping.expectOnly(["encoding", "delimiter", "quote", "name_max_length", "long_names",
                                "max_rejected_records", "max_rejected_share", "version", "name_order", "additional_fields"])
        try readFormatVersion(&mapping, into: &contract)
        try additionalFields(&mapping, into: &contract)
        if let text = try mapping.optionalString("encoding") {
            guard let encoding = CardDataEncoding(rawValue: text) else {
                throw mapping.error("encoding", "'\(text)' is not one of \(CardDataEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            contract.encoding = encoding
        }
        if let text = try mapping.optionalString("delimiter") {
            guard text.count == 1, let character = text.first else { throw mapping.error("delimiter", "must be one character") }
            contract.delimiter = character
        }
        if let text = try mapping.optionalString("quote") {
            guard text.count == 1 else { throw mapping.error("quote", "must be one character") }
            contract.quote = text.first
        }
        if let length = try mapping.optionalInt("name_max_length") {
            guard (2...80).contains(length) else { throw mapping.error("name_max_length", "must be between 2 and 80") }
            contract.names.maxLength = length
        }
        if let text = try mapping.optionalString("long_names") {
            guard let policy = NameRules.LongNamePolicy(rawValue: text) else {
                throw mapping.error("long_names", "'\(text)' is not abbreviate or reject")
            }
            contract.names.longNamePolicy = policy
        }
        var policy = RejectPolicy(maxRejectedRecords: nil, maxRejectedShare: nil)
        policy.maxRejectedRecords = try mapping.optionalInt("max_rejected_records")
        if let text = try mapping.optionalString("max_rejected_share") {
            guard let share = Double(text), (0...1).contains(share) else {
                throw mapping.error("max_rejected_share", "'\(text)' is not a share between 0 and 1")
            }
            policy.maxRejectedShare = share
        }
        if policy.maxRejectedRecords == nil && policy.maxRejectedShare == nil { policy.maxRejectedRecords = 0 }
        contract.rejectPolicy = policy
        try mapping.rejectUnknownKeys()
    }

    /// Reads `version` (CardPrep card data format 1 or 2) and `name_order` (given-first or surname-first).
    private static func readFormatVersion(
        _ mapping: inout ConfigurationMapping, into contract: inout CardDataContract
    ) throws(ConfigurationError) {
        if let version = try mapping.optionalInt("version") {
            guard let layout = CardDataLayout.cardPrep(version: version) else {
                throw mapping.error("version", "'\(version)' is not a card data format version (1 or 2)")
            }
            contract.layout = layout
        }
        if let text = try mapping.optionalString("name_order") {
            guard let order = NameOrder(rawValue: text) else {
                throw mapping.error("name_order", "'\(text)' is not \(NameOrder.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            contract.names.order = order
        }
    }

    static func acceptance(_ mapping: inout ConfigurationMapping) throws(ConfigurationError) -> AcceptanceTerms {
        try mapping.expectOnly(["level", "lot_basis", "critical", "major", "minor", "reduced_inspection"])
        var terms = DefaultAcceptance.terms
        if let text = try mapping.optionalString("level") {
            guard let level = try? InspectionLevel(parsing: text) else { throw mapping.error("level", "'\(text)' is not S-1…S-4, I, II or III") }
            terms.inspectionLevel = level
        }
        if let text = try mapping.optionalString("lot_basis") {
            guard let basis = LotBasis(rawValue: text) else { throw mapping.error("lot_basis", "'\(text)' is not batch or delivery") }
            terms.lotBasis = basis
        }
        for key in ["critical", "major", "minor"] {
            guard let text = try mapping.optionalString(key) else { continue }
            guard let aql = AQL(text) else { throw mapping.error(key, "'\(text)' is not a preferred AQL (0.010 … 1000)") }
            switch key {
            case "critical": terms.criticalAQL = aql
            case "major": terms.majorAQL = aql
            default: terms.minorAQL = aql
            }
        }
        terms.reducedInspectionAllowed = try mapping.optionalBool("reduced_inspection") ?? false
        try mapping.rejectUnknownKeys()
        return terms
    }

    static func product(_ mapping: inout ConfigurationMapping) throws(ConfigurationError) -> ProductRule {
        let code = try mapping.string("code")
        let programmeText = try mapping.string("programme")
        guard let programme = CardProgramme(rawValue: programmeText) else {
            throw mapping.error("programme", "'\(programmeText)' is not bank or access")
        }
        var bins: [BINRange] = []
        for text in try mapping.stringList("bins") ?? [] {
            let bounds = text.split(separator: "-").map(String.init)
            guard bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }), bounds.count == 1 || (bounds.count == 2 && bounds[0].count == bounds[1].count)
            else { throw mapping.error("bins", "'\(text)' is not a BIN prefix or a range like 410000-419999") }
            bins.append(bounds.count == 1 ? .prefix(bounds[0]) : .range(low: bounds[0], high: bounds[1]))
        }
        var lengths: ClosedRange<Int>?
        if let text = try mapping.optionalString("pan_lengths") {
            let bounds = text.split(separator: "-").compactMap { Int($0) }
            guard (1...2).contains(bounds.count), bounds.count == text.split(separator: "-").count, bounds.first! <= bounds.last!,
                  bounds.first! >= 8, bounds.last! <= 19
            else { throw mapping.error("pan_lengths", "'\(text)' is not a length or a range like 13-19 (8 to 19)") }
            lengths = bounds.first!...bounds.last!
        }
        let validity = try mapping.optionalInt("max_validity_months")
        let serviceCodes = try mapping.stringList("service_codes") ?? ["101", "201"]
        var byHolder = ProductRule.standardAccessValidity
        if let months = try mapping.intMapping("validity_months") {
            for (name, value) in months {
                guard let holder = HolderType(rawValue: name) else {
                    throw mapping.error("validity_months", "'\(name)' is not owner, tenant or merchant")
                }
                byHolder[holder] = value
            }
        }
        var rule = ProductRule(code: code, programme: programme, binRanges: bins, panLengths: lengths, maxValidityMonths: validity,
                               serviceCodes: serviceCodes, validityByHolderType: byHolder)
        if let months = try mapping.optionalInt("min_validity_months") {
            guard (0...rule.maxValidityMonths).contains(months) else {
                throw mapping.error("min_validity_months", "must be between 0 and the product's max_validity_months (\(rule.maxValidityMonths))")
            }
            rule.minRemainingValidityMonths = months
        }
        if var repeats = try mapping.optionalMapping("repeats") { rule.repeats = try repeatPolicy(&repeats) }
        return rule
    }

    /// Reads a product's `repeats: {renewal: accept|refuse, reissue: accept|refuse}`; a key left out refuses.
    static func repeatPolicy(_ mapping: inout ConfigurationMapping) throws(ConfigurationError) -> RepeatPolicy {
        try mapping.expectOnly(["renewal", "reissue"])
        var policy = RepeatPolicy()
        for key in ["renewal", "reissue"] {
            guard let text = try mapping.optionalString(key) else { continue }
            guard text == "accept" || text == "refuse" else { throw mapping.error(key, "'\(text)' is not accept or refuse") }
            if key == "renewal" { policy.acceptsRenewals = text == "accept" } else { policy.acceptsReissues = text == "accept" }
        }
        try mapping.rejectUnknownKeys()
        return policy
    }
}
