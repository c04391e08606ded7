/// Runs the repeated-card rules over a drop's sightings, sorted by fingerprint: groups the sightings of each
/// card number, asks the registry in batches what earlier drops had of each (one lookup a batch, never one a card),
/// and collects the findings, the records they reject and the cards accepted.
struct RepeatedCardCheck {
    let rules: [any RepeatedCardRule]
    let registry: any CardFingerprintRegistry
    /// Distinct cards per registry lookup.
    var batchSize = 2048

    /// What the check found.
    struct Result {
        /// Findings, ordered by line, then rule.
        var findings: [Finding] = []
        /// Records rejected here that no record rule had rejected: record number and order line.
        var newlyRejected: [(recordNumber: Int, orderLine: Int)] = []
    }

    /// Checks every card.
    /// - Parameters:
    ///   - sightings: the drop's sightings in order of fingerprint, then line.
    ///   - accepted: receives every accepted record's card (fingerprint, PAN sequence number and expiry).
    /// - Throws: `ValidationError` when the registry or the scratch storage fails.
    func run(_ sightings: inout SightingMerge, accepted: AcceptedFingerprints) throws(ValidationError) -> Result {
        var result = Result()
        var ranked: [(line: Int, rule: Int, finding: Finding)] = []
        var batch: [CardSighting] = []
        var starts: [Int] = []
        func flush() throws(ValidationError) {
            guard !starts.isEmpty else { return }
            let held: [EarlierCards]
            do { held = try registry.earlierCards(starts.map { batch[$0].fingerprint }) } catch {
                throw .registry(reason: String(describing: error))
            }
            for (group, start) in starts.enumerated() {
                let end = group + 1 < starts.count ? starts[group + 1] : batch.count
                try check(batch[start..<end], held: held[group], ranked: &ranked, result: &result, accepted: accepted)
            }
            batch.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
        }
        while true {
            let next: CardSighting?
            do { next = try sightings.next() } catch { throw .scratch(error) }
            guard let next else { break }
            if batch.last?.fingerprint != next.fingerprint {
                if starts.count == batchSize { try flush() }
                starts.append(batch.count)
            }
            batch.append(next)
        }
        try flush()
        ranked.sort { ($0.line, $0.rule) < ($1.line, $1.rule) }
        result.findings = ranked.map(\.finding)
        return result
    }

    private func check(
        _ group: ArraySlice<CardSighting>, held: EarlierCards, ranked: inout [(line: Int, rule: Int, finding: Finding)], result: inout Result,
        accepted: AcceptedFingerprints
    ) throws(ValidationError) {
        var rejectedLines: Set<Int> = []
        if group.count > 1 || !held.isEmpty {
            let sightings = Array(group)
            for (index, rule) in rules.enumerated() {
                for finding in rule.check(sightings, earlier: held) {
                    let line = finding.location.line ?? 0
                    ranked.append((line, index, finding))
                    if finding.severity == .rejectRecord { rejectedLines.insert(line) }
                }
            }
        }
        for sighting in group {
            if sighting.rejectedByRecordRules { continue }
            if rejectedLines.contains(sighting.line) {
                result.newlyRejected.append((sighting.recordNumber, sighting.orderLine))
            } else {
                var card = sighting.card
                card.numberHeld = !held.isEmpty
                do { try accepted.append(card) } catch { throw .scratch(error) }
            }
        }
    }
}
