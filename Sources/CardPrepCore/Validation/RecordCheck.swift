/// A line parsed and run through the record rules, ready to be taken in file order.
struct CheckedLine {
    /// The record, or `nil` for an empty line.
    var event: CardDataEvent?
    /// The record rules' findings, located at the line.
    var findings: [Finding] = []
    /// Whether a record rule rejected the record.
    var rejected = false
    /// The card's sighting, for a record with a well-formed card number.
    var sighting: CardSighting?
    /// Why the card could not be fingerprinted (the key failed): an infrastructure failure, not a finding.
    var fingerprintFailure: String?
}

/// The work on one line that depends on nothing but the line: parsing, the record rules, the fingerprint.
struct RecordCheck {
    let rules: [any RecordRule]
    let context: RuleContext
    let registry: any CardFingerprintRegistry

    func check(_ line: CardDataLine, parser: CardDataParser) -> CheckedLine {
        let event = parser.event(for: line)
        guard case let .detail(record, number)? = event else { return CheckedLine(event: event) }
        var checked = CheckedLine(event: event)
        let facts = RecordFacts(record, in: context)
        for rule in rules { rule.check(record, facts, in: context, into: &checked.findings) }
        for index in checked.findings.indices {
            checked.findings[index].location.line = number
            if checked.findings[index].severity == .rejectRecord { checked.rejected = true }
        }
        if facts.cardNumber.isWellFormed, let masked = MaskedCardNumber(record.cardNumber) {
            let fingerprint: CardFingerprint
            do { fingerprint = try registry.fingerprint(of: record.cardNumber) } catch {
                checked.fingerprintFailure = String(describing: error)
                return checked
            }
            let issue = CardIssue(panSequenceNumber: record.panSequenceNumber, expiry: record.expiry,
                                  defaultSequence: facts.defaultPANSequence)
            checked.sighting = CardSighting(fingerprint: fingerprint, line: number,
                                            recordNumber: record.recordNumber, orderLine: record.orderLine, masked: masked,
                                            rejectedByRecordRules: checked.rejected, issue: issue,
                                            policy: facts.product?.rule.repeats ?? .refuseAll)
        }
        return checked
    }
}
