// ISO 2859-1:1999 Table 2-B, "Single sampling plans for tightened inspection (Master table)".
// Identical to GB/T 2828.1-2012 Table 3 and to ANSI/ASQ Z1.4 / MIL-STD-105E Table II-B.
// Row S (n = 3150) is printed in this table only and is reached through arrows.
// Cross-checked against two public transcriptions (columns 0.010-6.5 of rows A-R; columns
// 0.65-15 of rows A-L), and against:
// - MIL-STD-105E (1989) / ANSI/ASQ Z1.4 Table II-B as resolved per code letter and AQL (sample size,
//   Ac, Re) in the R package AQLSchemes 1.7-2 by J. Lawson (CRAN), file R/AAZ14Single.R, mirrored in
//   the GitHub repository fjgonzalezmgt/AQLSchemesCust: every column of rows A-R agrees, including
//   R at 0.010 (own 0/1), R at 0.015 (0/1 of Q, n = 1250) and Q, R at 0.025 (row S, n = 3150, 1/2).
// - AQL Inspector's Rule manual (aqlinspectorsrule.com, "below"): code letters Q and R at AQL 0.025
//   use n = 3150, Ac 1, Re 2; ("manual/notes.html") row A at AQL 10 uses code letter D.
// - Table 1-B of the NIBS FMOC DPW acceptance-sampling tables (nibs.org/FMOC/DPW_AC/AC-TABLE.ASC,
//   derived from MIL-STD-105E): columns 0.65-15 of rows A-L, arrows included.
// Row S outside column 0.025, and whether row R at 0.015 prints an upward arrow or the shaft of a
// downward one, are not shown by these copies; the cells here give the plans above.
//
// Layout as in Table 2-A: code letter, sample size, one cell per AQL column 0.010 ... 1000.

extension MasterTable {
    /// Table 2-B, tightened inspection.
    static let tightened = MasterTable(name: "2-B (tightened)", rows: [
        "A    2 | v v v v v v v v v v v v v v v v v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28",
        "B    3 | v v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42",
        "C    5 | v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ^",
        "D    8 | v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ^ ^",
        "E   13 | v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ^ ^ ^",
        "F   20 | v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^",
        "G   32 | v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^",
        "H   50 | v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^",
        "J   80 | v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "K  125 | v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "L  200 | v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "M  315 | v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "N  500 | v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "P  800 | v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "Q 1250 | v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "R 2000 | 0/1 ^ v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "S 3150 | ^ ^ 1/2 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
    ])
}
