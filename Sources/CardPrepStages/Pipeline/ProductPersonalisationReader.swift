import CardPrepCore
import CardPrepCrypto

/// Reads a product's `card_values` and `chip` blocks of a customer profile.
///
/// ```yaml
/// card_values:
///   key: "pkcs11:token=cardprep;object=cvk-c01"  # the issuer's CVK in the token (a key file: tests and demos only)
///   source: computed                  # or issuer: CVV1, CVV2, iCVV come in the card file's fields
///   track1_discretionary: "{pvki}{pvv}{cvv1}000000"
///   track2_discretionary: "{pvki}{pvv}{cvv1}00000"
///   chip_track2_discretionary: "{pvki}{pvv}{icvv}00000"   # tag 57
///   print_cvv2: true                  # the laser engraver's job carries CVV2
/// chip:
///   issuer_country: "826"             # 5F28, ISO 3166-1 numeric
///   currency: "826"                   # 9F42, ISO 4217 numeric
///   effective_date: production-month  # 5F25: production-day, production-month, months-before-expiry:36, 2026-01-01
///   pan_sequence_number: 0            # 5F34 unless the card file's pan_sequence_number says otherwise
///   application_label: VISA DEBIT     # 50
///   cardholder_name: true             # 5F20 (default true)
///   tags: {"9F08": "0096"}            # constant data objects, hex
///   records:                          # the chip application profile: tags per SFI and record (for chip-cps jobs)
///     - {sfi: 1, record: 1, tags: ["57", "5F20"]}
///   select_response: ["50"]           # tags of the FCI proprietary template A5 (DGI 9102)
/// ```
enum ProductPersonalisationReader {
    static func read(_ product: inout ConfigurationMapping, resolve: (String) -> String) throws(ConfigurationError) -> (
        settings: ProductPersonalisation, key: KeyReference?
    ) {
        var result = ProductPersonalisation()
        var key: KeyReference?
        if var block = try product.optionalMapping("card_values") {
            let read = try cardValues(&block, resolve: resolve)
            result.cardValues = read.settings
            key = read.key
        }
        if var block = try product.optionalMapping("chip") { result.chip = try chip(&block) }
        return (result, key)
    }

    private static func cardValues(_ block: inout ConfigurationMapping, resolve: (String) -> String) throws(ConfigurationError)
        -> (settings: CardValueSettings, key: KeyReference?)
    {
        var settings = CardValueSettings()
        if let text = try block.optionalString("source") {
            guard let source = CardValueSettings.Source(rawValue: text) else {
                throw block.error("source", "'\(text)' is not computed or issuer")
            }
            settings.source = source
        }
        func template(_ name: String, digitsOnly: Bool) throws(ConfigurationError) -> DiscretionaryTemplate? {
            guard let text = try block.optionalString(name) else { return nil }
            let parsed: DiscretionaryTemplate
            do throws(CardValueError) { parsed = try DiscretionaryTemplate(text) } catch {
                throw block.error(name, error.description)
            }
            for case .literal(let literal) in parsed.parts where digitsOnly && !literal.allSatisfy({ $0.isASCII && $0.isNumber })
            {
                throw block.error(name, "'\(literal)' is not digits, which track 2 and tag 57 carry only")
            }
            return parsed
        }
        settings.track1 = try template("track1_discretionary", digitsOnly: false)
        settings.track2 = try template("track2_discretionary", digitsOnly: true)
        settings.chipTrack2 = try template("chip_track2_discretionary", digitsOnly: true)
        settings.printsCVV2 = try block.optionalBool("print_cvv2") ?? false
        var key: KeyReference?
        if let text = try block.optionalString("key") {
            do { key = try KeyReference(text, resolve: resolve) } catch { throw block.error("key", "\(error)") }
        }
        if !settings.computedFields.isEmpty, key == nil {
            throw block.error(
                "key",
                "the product computes \(settings.computedFields.map(\.rawValue).sorted().joined(separator: ", ")) "
                    + "and needs the issuer's card verification key (a pkcs11: URI), or source: issuer")
        }
        try block.rejectUnknownKeys()
        return (settings, key)
    }

    private static func chip(_ block: inout ConfigurationMapping) throws(ConfigurationError) -> ChipSettings {
        var chip = ChipSettings()
        chip.issuerCountryCode = try threeDigits(&block, "issuer_country")
        chip.currencyCode = try threeDigits(&block, "currency")
        if let text = try block.optionalString("effective_date") {
            guard let rule = EffectiveDateRule(text) else {
                throw block.error(
                    "effective_date", "'\(text)' is not production-day, production-month, months-before-expiry:N or YYYY-MM-DD")
            }
            chip.effectiveDateRule = rule
        }
        if let number = try block.optionalInt("pan_sequence_number") {
            guard (0...99).contains(number) else { throw block.error("pan_sequence_number", "must be 0 to 99") }
            chip.panSequenceNumber = number
        }
        chip.applicationLabel = try block.optionalString("application_label")
        do throws(PersonalisationError) {
            try EMVRecordData.checkProductElements(currencyCode: nil, applicationLabel: chip.applicationLabel)
        } catch { throw block.error("application_label", error.description) }
        chip.includesCardholderName = try block.optionalBool("cardholder_name") ?? true
        if var tags = try block.optionalMapping("tags") {
            for name in tags.keys {
                let tag = try self.tag(name, in: tags, key: "tags")
                let hex = try tags.string(name)
                guard let value = Hex.decode(hex) else { throw tags.error(name, "'\(hex)' is not hex bytes") }
                guard !ChipProductData.derivedTags.contains(tag) else {
                    throw tags.error(name, "tag \(tag) is written from the card's fields or the chip settings above")
                }
                do throws(PersonalisationError) { chip.constantObjects.append(try TLV(tag: tag, value: value)) } catch {
                    throw tags.error(name, error.description)
                }
            }
        }
        if let records = try block.mappingList("records") {
            var map = ChipRecordMap(records: [])
            for var record in records {
                guard let sfi = try record.optionalInt("sfi"), (1...30).contains(sfi) else {
                    throw record.error("sfi", "must be 1 to 30")
                }
                guard let number = try record.optionalInt("record"), (1...255).contains(number) else {
                    throw record.error("record", "must be 1 to 255")
                }
                var tags: [TLVTag] = []
                for name in try record.stringList("tags") ?? [] { tags.append(try tag(name, in: record, key: "tags")) }
                map.records.append(.init(sfi: sfi, record: number, tags: tags))
                try record.rejectUnknownKeys()
            }
            for name in try block.stringList("select_response") ?? [] {
                map.selectResponse.append(try tag(name, in: block, key: "select_response"))
            }
            chip.records = map
        }
        try block.rejectUnknownKeys()
        return chip
    }

    private static func threeDigits(_ block: inout ConfigurationMapping, _ key: String) throws(ConfigurationError) -> String? {
        guard let text = try block.optionalString(key) else { return nil }
        guard text.count == 3, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw block.error(key, "'\(text)' is not a three-digit numeric code")
        }
        return text
    }

    private static func tag(_ text: String, in mapping: ConfigurationMapping, key: String) throws(ConfigurationError) -> TLVTag {
        guard let bytes = Hex.decode(text), let tag = TLVTag(bytes: bytes) else {
            throw mapping.error(key, "'\(text)' is not a one- or two-byte BER-TLV tag in hex")
        }
        return tag
    }
}
