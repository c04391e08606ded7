import Foundation

/// One line of an inspection results file: a sampled card, and a defect found on it or none.
public struct InspectionFinding: Sendable, Equatable, Codable {
    public var serial: String
    /// The defect's class; nil when the card was inspected and found conforming.
    public var defectClass: DefectClass?
    /// The bureau's defect code (e.g. `EMB-03`); empty when there is no defect.
    public var defectCode: String
    /// Who inspected the card: a person id of the register of people.
    public var inspector: String

    /// Creates a finding.
    public init(serial: String, defectClass: DefectClass?, defectCode: String, inspector: String) {
        self.serial = serial; self.defectClass = defectClass; self.defectCode = defectCode; self.inspector = inspector
    }
}

/// The results of inspecting a lot's sample (`serial,class,code,inspector`; class `critical`, `major`,
/// `minor`, or `none` for a conforming card; a card with several defects has one line per defect).
public struct InspectionResults: Sendable, Equatable {
    public var findings: [InspectionFinding]

    /// Creates results.
    public init(findings: [InspectionFinding]) { self.findings = findings }

    /// Parses results; the header `serial,class,code,inspector` is required.
    /// - Throws: `InspectionError.malformedCSV` naming the line.
    public static func parse(csv text: String, file: String) throws(InspectionError) -> InspectionResults {
        var rows = CSVRows(text: text)
        guard let header = rows.next(), header.fields == ["serial", "class", "code", "inspector"] else {
            throw .malformedCSV(file: file, line: 1, reason: "the header must be serial,class,code,inspector")
        }
        var findings: [InspectionFinding] = []
        while let row = rows.next() {
            let f = row.fields
            guard f.count == 4 else { throw .malformedCSV(file: file, line: row.line, reason: "expected 4 fields, found \(f.count)") }
            guard !f[0].isEmpty else { throw .malformedCSV(file: file, line: row.line, reason: "the serial is empty") }
            guard !f[3].isEmpty else { throw .malformedCSV(file: file, line: row.line, reason: "the inspector is empty") }
            let defectClass: DefectClass?
            switch f[1].lowercased() {
            case "none", "": defectClass = nil
            case let name:
                guard let known = DefectClass(rawValue: name) else {
                    throw .malformedCSV(file: file, line: row.line, reason: "class '\(f[1])' is not critical, major, minor or none")
                }
                guard !f[2].isEmpty else { throw .malformedCSV(file: file, line: row.line, reason: "a defect needs its code") }
                defectClass = known
            }
            findings.append(InspectionFinding(serial: f[0], defectClass: defectClass, defectCode: defectClass == nil ? "" : f[2], inspector: f[3]))
        }
        return InspectionResults(findings: findings)
    }

    /// Checks that every line names, as its inspector, a person of `register` whom `requirement` admits (by default
    /// the qa-inspector role). The person who signs the decision answers for all of them.
    /// - Throws: `InspectionError.inspectorNotAdmitted` for the first line that does not.
    public func checkInspectors(in register: PersonRegister, requirement: DutyRequirement) throws(InspectionError) {
        for finding in findings {
            guard let person = register.person(id: finding.inspector) else {
                throw .inspectorNotAdmitted(
                    serial: finding.serial, inspector: finding.inspector,
                    reason: "is not in the register of people (the inspector column holds person ids)")
            }
            guard requirement.admits(person) else {
                throw .inspectorNotAdmitted(
                    serial: finding.serial, inspector: finding.inspector,
                    reason: "may not inspect: an inspector needs \(requirement.description)")
            }
        }
    }

    /// Every serial the results name.
    public var inspectedSerials: Set<String> { Set(findings.map(\.serial)) }

    /// Checks that every sampled card was inspected and no other card was.
    /// - Throws: `InspectionError.sampleMismatch` listing the missing and unexpected serials in sample order.
    public func checkCoverage(of sample: [String], lot: String) throws(InspectionError) {
        let inspected = inspectedSerials
        let sampled = Set(sample)
        let missing = sample.filter { !inspected.contains($0) }
        var unexpected: [String] = []
        for finding in findings where !sampled.contains(finding.serial) && !unexpected.contains(finding.serial) {
            unexpected.append(finding.serial)
        }
        guard missing.isEmpty, unexpected.isEmpty else { throw .sampleMismatch(lot: lot, missing: missing, unexpected: unexpected) }
    }
}
