/// Every record rule and drop check CardPrep applies, in the order they run.
public enum RuleCatalogue {
    /// The record rules, run on each record as it is read.
    public static let all: [any RecordRule] = [
        PANLengthRule(), PANLuhnRule(), KnownProductRule(), BINRule(), ExpiryRule(), AccessValidityRule(),
        ServiceCodeRule(), CardholderNameRule(), OrderLineRule(), CardFaceRule(), NameFitRule(), MagneticStripeRule(),
        ChipDataRule(), CarrierAddressRule(), NamePartsRule(), CardholderAddressRule(), CardValuesRule(),
    ]

    /// The repeated-card rules, run once the whole drop has been read, on each card that repeats.
    public static let repeatedCards: [any RepeatedCardRule] = [
        DuplicateInDropRule(), DuplicateEarlierDropRule(), RenewalRule(), ReissueRule(),
    ]

    /// The drop checks.
    public static let dropChecks: [any DropCheck] = [
        HeaderCheck(), TrailerCheck(), OrderQuantityCheck(), RejectPolicyCheck(),
    ]
}
