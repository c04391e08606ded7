import CardPrepIO

/// What a validation keeps while records stream past.
struct StreamState {
    var tally = DropTally()
    var findings: FindingLog
    /// The reason codes of drop-level findings, in order.
    var dropReasons: [ReasonCode] = []
    var rejected: Set<Int> = []
    var sawDetail = false
    let spool: SightingSpool

    init(spool: SightingSpool, findings: FindingLog) {
        self.spool = spool
        self.findings = findings
    }

    mutating func log(_ finding: Finding) throws(ValidationError) {
        if finding.severity == .rejectDrop { dropReasons.append(finding.reasonCode) }
        do { try findings.append(finding) } catch { throw .scratch(error) }
    }

    mutating func take(_ checked: CheckedLine) throws(ValidationError) {
        switch checked.event {
        case nil:
            return
        case let .header(header, line)?:
            if tally.header != nil || sawDetail || tally.trailer != nil {
                try outOfPlace("a header record", line: line)
            } else {
                tally.header = header
            }
        case let .trailer(trailer, line)?:
            if tally.trailer != nil { try outOfPlace("a second trailer record", line: line) } else { tally.trailer = trailer }
        case let .detail(record, line)?:
            if tally.trailer != nil { try outOfPlace("a detail record after the trailer", line: line) }
            try detail(record, line: line, checked: checked)
        case let .malformed(finding)?:
            try log(finding)
            if finding.severity == .rejectRecord {
                tally.detailRecords += 1
                tally.rejectedRecords += 1
                if let number = finding.location.recordNumber { rejected.insert(number) }
            }
        }
    }

    /// Adds what the repeated-card rules found, keeping the findings in file order.
    mutating func takeRepeated(_ result: RepeatedCardCheck.Result, scratchFolder: String) throws(ValidationError) {
        for (recordNumber, orderLine) in result.newlyRejected {
            tally.rejectedRecords += 1
            tally.rejectedPerOrderLine[orderLine, default: 0] += 1
            rejected.insert(recordNumber)
        }
        guard !result.findings.isEmpty else { return }
        let merged = FindingLog(scratchFolder: scratchFolder)
        var later = result.findings[...]
        do {
            try findings.forEach { finding in
                while let next = later.first, let line = next.location.line, line < (finding.location.line ?? .max) {
                    try merged.append(next)
                    later = later.dropFirst()
                }
                try merged.append(finding)
            }
            for finding in later { try merged.append(finding) }
        } catch let error as ByteStreamError {
            throw .scratch(error)
        } catch {
            throw .scratch(.read(path: scratchFolder, errno: 5))
        }
        findings = merged
    }

    private mutating func detail(_ record: CardDataRecord, line: Int, checked: CheckedLine) throws(ValidationError) {
        sawDetail = true
        tally.detailRecords += 1
        tally.hashTotal.add(record.cardNumber)
        tally.recordsPerOrderLine[record.orderLine, default: 0] += 1
        for finding in checked.findings { try log(finding) }
        if checked.rejected {
            tally.rejectedRecords += 1
            tally.rejectedPerOrderLine[record.orderLine, default: 0] += 1
            rejected.insert(record.recordNumber)
        }
        guard let sighting = checked.sighting else { return }
        do { try spool.append(sighting) } catch { throw .scratch(error) }
    }

    private mutating func outOfPlace(_ what: String, line: Int) throws(ValidationError) {
        try log(Finding(.malformedRecord, .rejectDrop, at: FindingLocation(line: line), message: "\(what) is out of place"))
    }
}
