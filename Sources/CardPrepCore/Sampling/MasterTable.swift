/// A single sampling master table kept in the layout of the printed standard, with its arrows.
struct MasterTable: Sendable {
    /// One printed cell.
    enum Cell: Equatable, Sendable {
        case plan(accept: Int, reject: Int)
        case useFirstPlanBelow
        case useFirstPlanAbove
    }

    /// One printed row: code letter, sample size, 26 cells.
    struct Row: Sendable {
        var letter: SampleSizeCodeLetter
        var sampleSize: Int
        var cells: [Cell]
    }

    /// The table's name as printed in the standard, for error messages.
    let name: String
    /// The rows as written in the source; parsed on use.
    let layout: [String]

    init(name: String, rows: [String]) {
        self.name = name
        self.layout = rows
    }

    /// Parses the layout.
    /// - Throws: `SamplingError.malformedTable` when a row does not read as letter, size, `|`, 26 cells.
    func rows() throws(SamplingError) -> [Row] {
        var parsed: [Row] = []
        for text in layout {
            let halves = text.split(separator: "|")
            let head = halves.first?.split(separator: " ") ?? []
            let tokens = halves.count == 2 ? halves[1].split(separator: " ") : []
            guard halves.count == 2, head.count == 2,
                let letter = SampleSizeCodeLetter(rawValue: String(head[0])),
                let size = Int(head[1]), tokens.count == AQL.preferredValues.count
            else { throw .malformedTable(table: name, row: text) }
            var cells: [Cell] = []
            for token in tokens {
                switch token {
                case "v": cells.append(.useFirstPlanBelow)
                case "^": cells.append(.useFirstPlanAbove)
                default:
                    let numbers = token.split(separator: "/").compactMap { Int($0) }
                    guard numbers.count == 2, numbers[0] < numbers[1] else {
                        throw .malformedTable(table: name, row: text)
                    }
                    cells.append(.plan(accept: numbers[0], reject: numbers[1]))
                }
            }
            parsed.append(Row(letter: letter, sampleSize: size, cells: cells))
        }
        return parsed
    }

    /// The plan for a code letter and AQL, following arrows to the row they lead to.
    ///
    /// "First sampling plan below (above) the arrow" is read literally: the nearest cell in the same
    /// column, below (above), that holds a plan. Sample size and Ac/Re both come from that row.
    /// - Returns: the row used and its Ac/Re.
    /// - Throws: `SamplingError` when the table data is defective.
    func plan(letter: SampleSizeCodeLetter, aql: AQL) throws(SamplingError)
        -> (row: Row, accept: Int, reject: Int)
    {
        let rows = try rows()
        guard let start = rows.firstIndex(where: { $0.letter == letter }) else {
            throw .unresolvedArrow(table: name, codeLetter: letter.rawValue, aql: aql.description)
        }
        let column = aql.column
        let candidates: [Int]
        switch rows[start].cells[column] {
        case .plan(let accept, let reject): return (rows[start], accept, reject)
        case .useFirstPlanBelow: candidates = Array(rows.indices.suffix(from: start + 1))
        case .useFirstPlanAbove: candidates = Array(rows.indices.prefix(upTo: start).reversed())
        }
        for index in candidates {
            if case .plan(let accept, let reject) = rows[index].cells[column] {
                return (rows[index], accept, reject)
            }
        }
        throw .unresolvedArrow(table: name, codeLetter: letter.rawValue, aql: aql.description)
    }
}
