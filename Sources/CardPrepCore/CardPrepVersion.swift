/// The version of CardPrep, as `--version` prints it.
public enum CardPrepVersion {
    /// The release number.
    public static let number = "0.19.0"

    /// `cardprep 0.19.0 (ledger schema v30; statements cardprep-statement/1)` for the executable `name`.
    public static func text(for name: String, ledgerSchema: String) -> String {
        "\(name) \(number) (ledger schema \(ledgerSchema); statements cardprep-statement/1)"
    }
}
