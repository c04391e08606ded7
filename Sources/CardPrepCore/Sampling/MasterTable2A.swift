// ISO 2859-1:1999 Table 2-A, "Single sampling plans for normal inspection (Master table)".
// Identical to GB/T 2828.1-2012 Table 2 and to ANSI/ASQ Z1.4 / MIL-STD-105E Table II-A.
// Cross-checked against two public transcriptions of the published table (columns 0.010-6.5
// of all rows; columns 0.65-15 of rows A-Q), and against:
// - MIL-STD-105E (1989) / ANSI/ASQ Z1.4 Table II-A as resolved per code letter and AQL (sample size,
//   Ac, Re) in the R package AQLSchemes 1.7-2 by J. Lawson (CRAN), file R/AAZ14Single.R, mirrored in
//   the GitHub repository fjgonzalezmgt/AQLSchemesCust: every column of rows A-R agrees.
// - Table 1-A of the NIBS FMOC DPW acceptance-sampling tables (nibs.org/FMOC/DPW_AC/AC-TABLE.ASC,
//   "developed from MIL-STD-105E ... TABLE II-A"): columns 0.65-15 of rows A-Q, arrows included; it
//   prints the upward arrow at row A, AQL 10.
// - AQL Inspector's Rule manual (aqlinspectorsrule.com, "below" and "manual/notes.html"): row A at
//   AQL 10 uses code letter C (n = 5, 1/2); row R at AQL 0.015 moves to P (n = 800, 0/1).
//
// Layout as printed: code letter, sample size, then one cell per AQL column 0.010 ... 1000.
// "Ac/Re" is a plan; "v" means "use the first sampling plan below the arrow", "^" "the first
// sampling plan above the arrow". Where the printed arrow points off the table (row A at AQL 10
// has nothing above; row R at 0.015 has nothing below) the cell holds the only direction that
// leads to a plan. The row R arrow follows the table's diagonal; none of the copies above shows it.

extension MasterTable {
    /// Table 2-A, normal inspection.
    static let normal = MasterTable(name: "2-A (normal)", rows: [
        "A    2 | v v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
        "B    3 | v v v v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45",
        "C    5 | v v v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ^",
        "D    8 | v v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ^ ^",
        "E   13 | v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ^ ^ ^",
        "F   20 | v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^",
        "G   32 | v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^",
        "H   50 | v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^",
        "J   80 | v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "K  125 | v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "L  200 | v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "M  315 | v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "N  500 | v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "P  800 | v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "Q 1250 | 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "R 2000 | ^ ^ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
    ])
}
