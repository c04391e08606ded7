extension RuleExamples {
    /// The chip product `DEBIT-CHIP`: an embosser that encodes stripe and chip, with track 2 discretionary data
    /// `{pvki}{pvv}{cvv1}` (PVKI and PVV from the issuer, CVV1 computed), tag 57's `{pvki}{pvv}{icvv}`, issuer country
    /// 826, currency 826, PAN sequence number 00 by default, and a chip application profile that places 57, 5F20
    /// and 9F1F in SFI 1 record 1, the card's other tags and 9F08 in SFI 2 record 1, and tag 50 in the SELECT
    /// response; its constant tag is 9F08 (application version 0096).
    public static let chipProductMachines: [ProductionTargets.Machine] = {
        let cardValues = CardValueSettings(
            source: .computed, track2: try! DiscretionaryTemplate("{pvki}{pvv}{cvv1}"),
            chipTrack2: try! DiscretionaryTemplate("{pvki}{pvv}{icvv}"))
        var chip = ChipSettings(issuerCountryCode: "826", panSequenceNumber: 0)
        chip.currencyCode = "826"
        chip.applicationLabel = "DEBIT"
        chip.effectiveDateRule = .productionMonth
        chip.productionDate = today
        chip.constantObjects = [try! TLV(tag: TLVTag(0x9F08)!, value: [0x00, 0x96])]
        chip.records = ChipRecordMap(
            records: [
                .init(sfi: 1, record: 1, tags: [.track2EquivalentData, .cardholderName, .track1DiscretionaryData]),
                .init(
                    sfi: 2, record: 1,
                    tags: [
                        .applicationPAN, .applicationExpirationDate, .applicationEffectiveDate, .issuerCountryCode,
                        .panSequenceNumber, .applicationCurrencyCode, TLVTag(0x9F08)!, TLVTag(0x9F0D)!,
                    ]),
            ],
            selectResponse: [.applicationLabel])
        let settings = PersonalisationSettings(magneticStripe: true, chip: ChipSettings())
            .applying(ProductPersonalisation(cardValues: cardValues, chip: chip), production: today)
        return [.init(id: "embosser-chip", settings: settings)]
    }()

    /// A well-formed `DEBIT-CHIP` record with its issuer's PVKI and PVV, PAN sequence number and chip data.
    public static func chipCard(
        pvki: String = "1", pvv: String = "4821", panSequenceNumber: String = "01", chipData: String = "9F0D05F040008000"
    ) -> CardDataRecord {
        var record = bank(product: "DEBIT-CHIP")
        record.issuerValues = [.pvki: pvki, .pvv: pvv].filter { !$0.value.isEmpty }
        record.panSequenceNumber = panSequenceNumber
        record.issuerChipData = chipData
        return record
    }
}
