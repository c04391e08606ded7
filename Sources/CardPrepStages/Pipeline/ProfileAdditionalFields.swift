import CardPrepCore

extension ProfileContractReader {
    /// Reads `card_data.additional_fields`: the fields a customer's detail records carry after the format's own ones,
    /// in order (`[pan_sequence_number, pvki, pvv, chip_data]`).
    static func additionalFields(_ mapping: inout ConfigurationMapping, into contract: inout CardDataContract)
        throws(ConfigurationError)
    {
        guard let names = try mapping.stringList("additional_fields") else { return }
        var fields: [DetailField] = []
        for name in names {
            guard let field = DetailField.issuerFields.first(where: { $0.profileName == name }) else {
                throw mapping.error(
                    "additional_fields",
                    "'\(name)' is not one of "
                        + DetailField.issuerFields.map(\.profileName).joined(separator: ", "))
            }
            guard !fields.contains(field) else { throw mapping.error("additional_fields", "'\(name)' is listed twice") }
            fields.append(field)
        }
        contract.layout = contract.layout.appending(fields)
    }
}
