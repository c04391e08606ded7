/// What one machine's personalisation settings demand of a card record, checked part by part without making the
/// personalisation data, so that validation refuses every record ``PersonalisationRecord/make(from:settings:carrier:)``
/// would refuse for the machine.
///
/// Each check gives the error `make` throws for its part, or nil. What does not depend on the record (the expiry
/// label, the product's further lines) is worked out once; lengths that depend only on the card number's length
/// are counted; a name is measured once (``CardholderNameMeasure``) and only a name near a limit is fitted, by the
/// functions `make` uses. ``problems(_:carrier:)`` runs every part in the order `make` meets them.
///
/// A class: validation asks each machine's limits of every record, and a reference costs nothing to pass around.
public final class PersonalisationLimits: Sendable {
    /// The machine's settings.
    public let settings: PersonalisationSettings
    /// The expiry line's problem whatever the date: a label outside the embossing set or a line too long.
    private let expiryLineProblem: PersonalisationError?
    /// The further lines' problem on a face without an expiry line, and with one.
    private let furtherLinesProblems: (withoutExpiry: PersonalisationError?, withExpiry: PersonalisationError?)
    /// Whether the face's problems depend on whether it has an expiry line (for access cards, their `valid until`).
    private let expiryLineMatters: Bool
    /// Whether the machine encodes the magnetic stripe.
    public let encodesStripe: Bool
    /// Whether the machine encodes the chip.
    public let encodesChip: Bool
    /// The chip settings' values of the data objects, held apart so a record's check copies none of them.
    private let chipEffectiveDate: CalendarDate?
    private let chipCountryCode: String?
    private let chipSequenceNumber: Int?
    private let chipTrack1Data: String?
    /// The discretionary data of a card whose values are all zeros: of the same length as any card's (values have
    /// fixed lengths), so it has the same problems.
    private let discretionary: (track1: String, track2: String, chip: String)

    /// Works out what does not depend on the record.
    public init(settings: PersonalisationSettings) {
        self.settings = settings
        let layout = settings.emboss
        do throws(PersonalisationError) {
            _ = try EmbossLines.expiryLine("0001", layout: layout)  // a valid date: only the label and length can fail
            expiryLineProblem = nil
        } catch {
            expiryLineProblem = error
        }
        func further(firstLine: Int) -> PersonalisationError? {
            do throws(PersonalisationError) {
                _ = try EmbossLines.furtherLines(settings.additionalEmbossLines, firstLine: firstLine, layout: layout)
                return nil
            } catch {
                return error
            }
        }
        furtherLinesProblems = (further(firstLine: 3), further(firstLine: 4))
        expiryLineMatters =
            expiryLineProblem != nil || furtherLinesProblems.withoutExpiry != furtherLinesProblems.withExpiry
            || 2 + settings.additionalEmbossLines.count > layout.maximumLines
        encodesStripe = settings.magneticStripe
        encodesChip = settings.chip != nil
        chipEffectiveDate = settings.chip?.effectiveDate
        chipCountryCode = settings.chip?.issuerCountryCode
        chipSequenceNumber = settings.chip?.panSequenceNumber
        discretionary = settings.discretionaryData(CardValues())
        chipTrack1Data = settings.chip?.includesTrack1DiscretionaryData == true ? discretionary.track1 : nil
    }

    /// The problems of `record` in the order personalisation meets them, so that the first is the error
    /// ``PersonalisationRecord/make(from:settings:carrier:)`` throws; empty when it makes the card. (Past a missing
    /// expiry or service code, or a track name that cannot be written, the stripe and chip are not looked at.)
    /// - Parameter carrier: the address block of the record's branch, prepared for `settings.carrier`.
    public func problems(_ record: CardDataRecord, carrier: CarrierAddress?) -> [PersonalisationError] {
        var name = CardholderNameMeasure(record: record)
        var found = [cardFaceProblem(record), faceNameProblem(&name), furtherLinesProblem(record)]
        if let missing = encodedFieldsProblem(record) {
            found.append(missing)
        } else if let problem = trackNameProblem(&name) {
            found.append(problem)
        } else {
            found += [stripeProblem(record), chipProblem(record)]
        }
        if let carrier {
            switch carrierNameProblem(&name) {
            case .emptyName?: found.append(.emptyName)
            case .lineTooLong(_, _, let length, _)?: found.append(carrier.problem(nameLineLength: length))
            default: found.append(carrier.problem(nameLineLength: 0))
            }
        }
        return found.compactMap { $0 }
    }

    /// The face's problem before its name: the card number (its digits, the number line's length), the number of
    /// lines, the expiry (its `YYMM`, the label, the line's length).
    public func cardFaceProblem(_ record: CardDataRecord) -> PersonalisationError? {
        let layout = settings.emboss
        do throws(PersonalisationError) { try CardFields.checkPAN(record.cardNumber) } catch { return error }
        let numberLength = EmbossLines.numberLineLength(digits: record.cardNumber.utf8.count)
        guard numberLength <= layout.numberLineMaximumLength else {
            return .lineTooLong(field: .embossLine, line: 1, length: numberLength, maximum: layout.numberLineMaximumLength)
        }
        let hasExpiry = hasExpiryLine(record)
        let lines = (hasExpiry ? 1 : 0) + 1 + settings.additionalEmbossLines.count
        guard lines <= layout.maximumLines else {
            return .tooManyLines(field: .embossLine, count: lines, maximum: layout.maximumLines)
        }
        guard hasExpiry else { return nil }
        // An expiry taken from `valid until` is a real month; the record's own must be checked.
        if !record.expiry.isEmpty {
            do throws(PersonalisationError) { try CardFields.checkExpiry(record.expiry) } catch { return error }
        }
        return expiryLineProblem
    }

    /// The problem of the product's further lines below the name.
    public func furtherLinesProblem(_ record: CardDataRecord) -> PersonalisationError? {
        hasExpiryLine(record) ? furtherLinesProblems.withExpiry : furtherLinesProblems.withoutExpiry
    }

    /// The problem of the name on the card face: no transliteration where the machine cannot laser-engrave, a
    /// laser-engraved name longer than a line, or a name that cannot be fitted.
    public func faceNameProblem(_ name: inout CardholderNameMeasure) -> PersonalisationError? {
        let layout = settings.emboss
        if name.fits(layout.lineMaximumLength, form: .givenFirst, policy: settings.namePolicy) { return nil }
        if name.hasIdeograph {
            guard layout.laserEngravesUnicodeNames else { return .nameNotTransliterable }
            if name.fitsAsWritten(layout.lineMaximumLength) { return nil }
        }
        do throws(PersonalisationError) {
            _ = try EmbossLines.nameLine(for: name.name(), policy: settings.namePolicy, layout: layout)
            return nil
        } catch {
            return error
        }
    }

    /// The fields the stripe and the chip need that the record lacks: its expiry, then its service code.
    public func encodedFieldsProblem(_ record: CardDataRecord) -> PersonalisationError? {
        guard encodes else { return nil }
        if record.expiry.isEmpty { return .missingField(.expiry) }
        return record.serviceCode.isEmpty ? .missingField(.serviceCode) : nil
    }

    /// The problem of the name field of track 1, which tag 5F20 carries too: no transliteration, or no fit.
    public func trackNameProblem(_ name: inout CardholderNameMeasure) -> PersonalisationError? {
        guard encodes else { return nil }
        if name.fits(EmbossName.track1MaximumLength, form: .surnameFirst, policy: settings.namePolicy) { return nil }
        if name.hasIdeograph { return .nameNotTransliterable }
        do throws(PersonalisationError) {
            _ = try Track1.name(for: name.name(), policy: settings.namePolicy)
            return nil
        } catch {
            return error
        }
    }

    /// The problem of the magnetic stripe's tracks, for a record with an expiry, a service code and a name that
    /// fits (the other checks' business): malformed fields, or a track too long.
    public func stripeProblem(_ record: CardDataRecord) -> PersonalisationError? {
        guard encodesStripe, !record.expiry.isEmpty, !record.serviceCode.isEmpty else { return nil }
        let (pan, expiry, serviceCode) = (record.cardNumber, record.expiry, record.serviceCode)
        do throws(PersonalisationError) {
            do throws(PersonalisationError) {
                // A fitted name field has at most 26 characters: if track 1 holds that, it holds the card's.
                try Track1.check(
                    pan: pan, nameLength: EmbossName.track1MaximumLength, expiry: expiry, serviceCode: serviceCode,
                    discretionaryData: discretionary.track1)
            } catch {
                guard case .trackTooLong = error else { throw error }
                guard
                    let fitted = try? Track1.name(
                        for: CardholderName(record: record), policy: settings.namePolicy)
                else { return nil }  // the name check's finding
                try Track1.check(
                    pan: pan, nameLength: fitted.text.utf8.count, expiry: expiry, serviceCode: serviceCode,
                    discretionaryData: discretionary.track1)
            }
            try Track2.check(pan: pan, expiry: expiry, serviceCode: serviceCode, discretionaryData: discretionary.track2)
            return nil
        } catch {
            return error
        }
    }

    /// The problem of the chip's EMV data objects, for a record with an expiry and a service code: malformed
    /// fields, or a value too long for its data element.
    public func chipProblem(_ record: CardDataRecord) -> PersonalisationError? {
        guard encodesChip, let chip = settings.chip, !record.expiry.isEmpty, !record.serviceCode.isEmpty else { return nil }
        do throws(PersonalisationError) {
            guard chip.records != nil || chip.effectiveDateRule != nil || !record.panSequenceNumber.isEmpty
                || !record.issuerChipData.isEmpty || chip.currencyCode != nil || chip.applicationLabel != nil
            else {
                // Tag 5F20 carries the fitted track 1 name field, 2 to 26 characters of the embossing set, which it always takes.
                try EMVRecordData.check(
                    pan: record.cardNumber, expiry: record.expiry, serviceCode: record.serviceCode,
                    track2DiscretionaryData: discretionary.chip, cardholderName: nil, effectiveDate: chipEffectiveDate,
                    issuerCountryCode: chipCountryCode, panSequenceNumber: chipSequenceNumber,
                    track1DiscretionaryData: chipTrack1Data)
                return nil
            }
            // The product's own chip data: built as transform builds it (a two-letter name stands for tag 5F20's).
            let data = try EMVRecordData.product(
                record, chip: chip, cardholderName: chip.includesCardholderName ? "XX" : nil, discretionary: discretionary)
            let objects = try data.dataObjects()
            try chip.records?.checkPlaces(objects)
            return nil
        } catch {
            return error
        }
    }

    /// The problem of the carrier's first line, the name as written: nothing left of it, or longer than a line.
    /// The address lines are ``CarrierAddress/problem(nameLineLength:)``'s business.
    public func carrierNameProblem(_ name: inout CardholderNameMeasure) -> PersonalisationError? {
        let maximum = settings.carrier.lineMaximumLength
        if !name.hasTitle, name.fitsAsWritten(maximum) { return nil }
        let line = CarrierLines.nameLine(for: name.name())
        if line.isEmpty { return .emptyName }
        return line.count > maximum ? .lineTooLong(field: .carrierLine, line: 1, length: line.count, maximum: maximum) : nil
    }

    /// Whether the machine makes a stripe or a chip, which need the expiry, the service code and a Latin name.
    private var encodes: Bool { encodesStripe || encodesChip }

    /// Whether the face has an expiry line: the record's own expiry or, for cards without one, its `valid until`.
    /// Read only when it changes what the face can hold.
    private func hasExpiryLine(_ record: CardDataRecord) -> Bool {
        !record.expiry.isEmpty || !expiryLineMatters || CalendarDate(record.validUntil) != nil
    }
}
