extension DetailField {
    /// The fields a customer profile may add after the format's own ones (`card_data.additional_fields`): the chip's
    /// PAN sequence number, the issuer's card values and the issuer's chip data.
    public static let issuerFields: [DetailField] = [.panSequenceNumber, .cvv1, .cvv2, .icvv, .pvki, .pvv, .chipData]

    /// The field's name in a customer profile (`pan_sequence_number`, `chip_data`, `cvv1`…).
    public var profileName: String {
        var name = ""
        for character in rawValue {
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
        return name
    }
}

extension CardDataLayout {
    /// The layout with `fields` after its last detail field, in the order given, so a detail record carries them
    /// as its last fields.
    public func appending(_ fields: [DetailField]) -> CardDataLayout {
        var layout = self
        var next = detailFieldCount
        for field in fields where layout.detail[field] == nil {
            layout.detail[field] = next
            next += 1
        }
        return layout
    }
}
