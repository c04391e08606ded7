import CardPrepLedger
import Foundation

extension LedgerStoreConformance {
    /// Integers at their limits, reals, text and blobs come back as they were written.
    static let valuesRoundTrip = LedgerStoreConformance(name: "values round-trip") { store in
        let name = "values round-trip"
        let table = uniqueTable("values")
        try ConformanceTypes.makeTable(table, in: store)
        let rows: [[LedgerValue]] = [
            [.integer(.min), .real(-.greatestFiniteMagnitude), .text("a"), .blob([0])],
            [.integer(.max), .real(.greatestFiniteMagnitude), .text("b"), .blob([255])],
            [.integer(0), .real(0.1), .text(""), .blob(Array(0...255))],
            [.integer(-1), .real(1.0 / 3.0), .text("line\nbreak\ttab"), .blob([0, 0, 0])],
            [.integer(1 << 53 + 1), .real(-0.000_000_1), .text(String(repeating: "x", count: 100_000)), .blob([])],
        ]
        try store.write { transaction in
            for values in rows {
                try transaction.execute(#"INSERT INTO "\#(table)" ("i", "r", "t", "b") VALUES (?, ?, ?, ?)"#, values)
            }
        }
        let read = try store.read { try $0.rows(#"SELECT "i", "r", "t", "b" FROM "\#(table)" ORDER BY "id""#, []) }
        try expect(read.count == rows.count, name, "wrote \(rows.count) rows, read \(read.count)")
        for (row, values) in zip(read, rows) {
            try expect(row.columns == ["i", "r", "t", "b"], name, "columns are \(row.columns)")
            for (index, value) in values.enumerated() {
                try expect(row[index] == value, name, "wrote \(describe(value)), read \(describe(row[index]))")
            }
        }
        let bound = try store.read { try $0.row("SELECT ? AS i, ? AS r, ? AS t", [.integer(42), .real(2.5), .text("x")]) }
        try expect(bound?["i"] == .integer(42), name, "SELECT ? of an integer read \(describe(bound?["i"] ?? .null))")
        try expect(bound?["r"] == .real(2.5), name, "SELECT ? of a real read \(describe(bound?["r"] ?? .null))")
        try expect(bound?["t"] == .text("x"), name, "SELECT ? of text read \(describe(bound?["t"] ?? .null))")
        let truth = try store.read { try $0.row("SELECT (1 = 1) AS yes, (1 = 2) AS no", []) }
        try expect(
            truth?["yes"] == .integer(1) && truth?["no"] == .integer(0), name,
            "a comparison reads as \(String(describing: truth?.values))")
    }

    /// NULL goes in as NULL and comes back as NULL, in every column type.
    static let nullsRoundTrip = LedgerStoreConformance(name: "NULLs round-trip") { store in
        let name = "NULLs round-trip"
        let table = uniqueTable("nulls")
        try ConformanceTypes.makeTable(table, in: store)
        try store.write { transaction in
            try transaction.execute(
                #"INSERT INTO "\#(table)" ("i", "r", "t", "b") VALUES (?, ?, ?, ?)"#, [.null, .null, .null, .null])
            try transaction.execute(#"INSERT INTO "\#(table)" ("i") VALUES (?)"#, [.integer(7)])
        }
        let rows = try store.read { try $0.rows(#"SELECT "i", "r", "t", "b" FROM "\#(table)" ORDER BY "id""#, []) }
        try expect(rows.count == 2, name, "read \(rows.count) rows")
        try expect(
            rows[0].values == [.null, .null, .null, .null], name, "a row of NULLs read as \(rows[0].values.map(describe))")
        try expect(rows[1].values == [.integer(7), .null, .null, .null], name, "read \(rows[1].values.map(describe))")
        let counted = try store.read { try $0.row(#"SELECT count(*) AS n FROM "\#(table)" WHERE "t" IS NULL"#, []) }
        try expect(counted?["n"] == .integer(2), name, "count(*) read \(describe(counted?["n"] ?? .null))")
        let missing = try store.read { try $0.row(#"SELECT "i" FROM "\#(table)" WHERE "i" = ?"#, [.integer(8)]) }
        try expect(missing == nil, name, "a query with no rows gave a row")
    }

    /// Unicode text of every plane and blobs that are not text come back byte for byte; text compares by its bytes.
    static let textAndBlobs = LedgerStoreConformance(name: "unicode text and blobs") { store in
        let name = "unicode text and blobs"
        let table = uniqueTable("texts")
        try ConformanceTypes.makeTable(table, in: store)
        let texts = ["Zoë Ångström", "张伟 李娜", "🂡 card ♠", "e\u{301} vs é", "quote ' and \" and ? and \\", "ｆｕｌｌ"]
        let blob: [UInt8] = [0xFF, 0xFE, 0x00, 0x80, 0xC3, 0x28, 0x27, 0x3F]
        try store.write { transaction in
            for text in texts {
                try transaction.execute(#"INSERT INTO "\#(table)" ("t", "b") VALUES (?, ?)"#, [.text(text), .blob(blob)])
            }
        }
        let rows = try store.read { try $0.rows(#"SELECT "t", "b" FROM "\#(table)" ORDER BY "id""#, []) }
        for (row, text) in zip(rows, texts) {
            guard case let .text(read) = row["t"] else {
                throw ConformanceFailure(check: name, message: "\(text) read as \(describe(row["t"]))")
            }
            try expect(Array(read.utf8) == Array(text.utf8), name, "\(text) read as \(read)")
            try expect(row["b"] == .blob(blob), name, "a blob read as \(describe(row["b"]))")
        }
        let decomposed = try store.read {
            try $0.rows(#"SELECT "id" FROM "\#(table)" WHERE "t" = ?"#, [.text("e\u{301} vs é")])
        }
        try expect(decomposed.count == 1, name, "text compared equal to \(decomposed.count) rows, not by its bytes")
        let byBlob = try store.read { try $0.rows(#"SELECT "id" FROM "\#(table)" WHERE "b" = ?"#, [.blob(blob)]) }
        try expect(byBlob.count == texts.count, name, "a blob matched \(byBlob.count) rows")
    }

    /// A `?` inside a quoted string or identifier is not a placeholder.
    static let placeholdersInQuotes = LedgerStoreConformance(name: "placeholders outside quotes only") { store in
        let name = "placeholders outside quotes only"
        let row = try store.read {
            try $0.row(#"SELECT 'why?' AS "what?", ? AS v, 'it''s ?' AS w -- a comment?"#, [.integer(1)])
        }
        try expect(row?["what?"] == .text("why?"), name, "a quoted ? read as \(describe(row?["what?"] ?? .null))")
        try expect(row?["v"] == .integer(1), name, "the placeholder read as \(describe(row?["v"] ?? .null))")
        try expect(row?["w"] == .text("it's ?"), name, "an escaped quote read as \(describe(row?["w"] ?? .null))")
    }
}

/// A value as a message shows it (long ones cut).
func describe(_ value: LedgerValue) -> String {
    switch value {
    case .null: "NULL"
    case let .integer(number): "integer \(number)"
    case let .real(number): "real \(number)"
    case let .text(text): "text \(text.prefix(40).debugDescription)\(text.count > 40 ? "… (\(text.count) characters)" : "")"
    case let .blob(bytes): "blob of \(bytes.count) bytes \(bytes.prefix(8))"
    }
}
