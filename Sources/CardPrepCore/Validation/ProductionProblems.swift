/// What one production-limit rule found wrong with a record on the machines of its product: each problem once,
/// with the machines it stops, so a name two machines cannot write is one finding.
struct ProductionProblems {
    private var found: [(problem: PersonalisationError, machines: [String])] = []

    /// Whether nothing was found.
    var isEmpty: Bool { found.isEmpty }

    /// Notes `problem`, if any, on `machines`.
    mutating func add(_ problem: PersonalisationError?, on machines: [String]) {
        guard let problem else { return }
        if let index = found.firstIndex(where: { $0.problem == problem }) {
            found[index].machines += machines
        } else {
            found.append((problem, machines))
        }
    }

    /// One finding per problem, rejecting the record: the reason code and field the problem points at (`other`
    /// for problems of the machines' settings rather than the record's fields), and a message naming the machines.
    /// Personalisation errors hold no card data but the masked card number.
    func findings(
        of rule: some RecordRule, for record: CardDataRecord, other: ReasonCode, about subject: String? = nil
    ) -> [Finding] {
        found.map { problem, machines in
            let (code, field) = problem.reason(other: other)
            let lead = subject.map { "\($0), " } ?? ""
            return rule.finding(code, record, field: field, "\(lead)for \(machines.joined(separator: ", ")): \(problem)")
        }
    }
}

extension PersonalisationError {
    /// The reason code and record field of a finding about this problem; `other` for problems that come from the
    /// machine's settings (further lines, discretionary data, chip settings) rather than a field of the record.
    func reason(other: ReasonCode) -> (ReasonCode, DetailField) {
        switch self {
        case .invalidPAN, .missingField(.pan): (.panLength, .cardNumber)
        case .panHasSeparators: (.panSeparators, .cardNumber)
        case .invalidExpiry, .missingField(.expiry): (.expiryInvalid, .expiry)
        case .invalidServiceCode, .missingField(.serviceCode): (.serviceCode, .serviceCode)
        case .nameNotTransliterable: (.nameNotTransliterable, .cardholderName)
        case .nameTooLong, .lineTooLong(.carrierLine, 1, _, _): (.nameTooLong, .cardholderName)
        case .emptyName, .missingField(.cardholderName), .invalidCharacter(.cardholderName, _),
            .invalidLength(.cardholderName, _, _):
            (.nameInvalid, .cardholderName)
        case .lineTooLong(.carrierLine, _, _, _), .tooManyLines(.carrierLine, _, _): (.carrierAddress, .branchCode)
        case .lineTooLong(.embossLine, 1, _, _): (.embossLayout, .cardNumber)
        case .trackTooLong: (.trackData, .cardNumber)
        case .valueTooLong(let tag, _, _) where tag == TLVTag.track2EquivalentData.description: (.chipData, .cardNumber)
        case .outOfRange(.panSequenceNumber, _): (.panSequenceNumber, .panSequenceNumber)
        case .issuerChipData, .chipTagNotPlaced: (.issuerChipData, .chipData)
        case .cardValue(.issuerValue(let field, _)): (.cardValue, field.detailField)
        default: (other, .productCode)
        }
    }
}
