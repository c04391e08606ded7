/// Every record rule and drop check CardPrep applies, in the order they run.
public enum RuleCatalogue {
    /// The record rules.
    public static let all: [any RecordRule] = [
        PANLengthRule(), PANLuhnRule(), KnownProductRule(), BINRule(), ExpiryRule(), AccessValidityRule(),
        ServiceCodeRule(), CardholderNameRule(), OrderLineRule(), DuplicateInDropRule(), DuplicateEarlierDropRule(),
    ]

    /// The drop checks.
    public static let dropChecks: [any DropCheck] = [
        HeaderCheck(), TrailerCheck(), OrderQuantityCheck(), RejectPolicyCheck(),
    ]
}
