/// How each record of a repeated card number stands to the cards before it: the earlier drops' cards and the
/// records before it in this drop. Worked out once per repeated number (a number seen once and never before
/// never gets here), so it costs nothing on the common path.
struct CardRepeats {
    /// What one record is, against the cards before it.
    enum Standing: Equatable {
        /// The first card of the number: nothing before it.
        case first
        /// The same card as an earlier record of this drop (and perhaps an earlier drop's).
        case sameAsInDrop(line: Int, alsoEarlierDrop: Bool)
        /// The same card as an earlier drop's.
        case sameAsEarlierDrop
        /// The same PAN sequence number as an earlier card, an expiry later than every earlier card's.
        case renewal(latest: CardIssue)
        /// A PAN sequence number the number has not had before.
        case reissue
        /// The same PAN sequence number as an earlier card, an expiry not later than every earlier card's.
        case notLater(latest: CardIssue)
    }

    /// Each record's standing, in the order of the sightings.
    let standings: [Standing]
    /// Whether an earlier drop had the number recorded without its PAN sequence number and expiry.
    let earlierUnknown: Bool

    /// Works out the standing of each record of one card number.
    /// - Parameters:
    ///   - sightings: the records of the number, in file order.
    ///   - earlier: what earlier drops had of the number.
    init(_ sightings: [CardSighting], earlier: EarlierCards) {
        earlierUnknown = earlier.includesUnknown
        var before: [CardIssue] = earlier.issues
        var inDrop: [(issue: CardIssue, line: Int)] = []
        var standings: [Standing] = []
        standings.reserveCapacity(sightings.count)
        for sighting in sightings {
            let issue = sighting.issue
            let earlierHas = earlier.issues.contains { Self.isSameCard($0, issue) }
            if let same = inDrop.first(where: { Self.isSameCard($0.issue, issue) }) {
                standings.append(.sameAsInDrop(line: same.line, alsoEarlierDrop: earlierHas))
            } else if earlierHas {
                standings.append(.sameAsEarlierDrop)
            } else if let latest = before.max(by: { $0.expiry < $1.expiry }) {
                if before.contains(where: { $0.panSequence == issue.panSequence }) {
                    standings.append(issue.expiry > latest.expiry ? .renewal(latest: latest) : .notLater(latest: latest))
                } else {
                    standings.append(.reissue)
                }
            } else {
                standings.append(.first)
            }
            before.append(issue)
            inDrop.append((issue, sighting.line))
        }
        self.standings = standings
    }

    /// Whether two cards of one number are the same card: the same PAN sequence number and expiry, or either without
    /// an expiry (an access card, or a bank card whose expiry is missing), which cannot be told a renewal or reissue.
    static func isSameCard(_ one: CardIssue, _ other: CardIssue) -> Bool {
        one == other || one.expiry == 0 || other.expiry == 0
    }
}
