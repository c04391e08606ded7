import CardPrepIO

/// What every CardPrep executable sets up before it parses its command line.
public enum CardPrepProcess {
    /// Files and folders CardPrep creates are never readable by others: 0640 and 0750 (private keys 0600).
    public static func prepare() { FileModes.restrictNewFiles() }
}
