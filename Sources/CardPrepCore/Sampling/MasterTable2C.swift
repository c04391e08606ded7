// Reduced inspection master tables. Sample sizes are the reduced ones (about 40 % of normal).
//
// ISO 2859-1:1999 Table 2-C (= GB/T 2828.1-2012 Table 4): single plans with Re = Ac + 1; the 1999
// edition dropped the 0/2 plans of the older table, whose cells now hold the downward arrow.
// ANSI/ASQ Z1.4 / MIL-STD-105E Table II-C: the older plans with a gap between Ac and Re; when the
// number of nonconforming items lies between them, the lot is accepted and normal inspection
// is reinstated (Z1.4 clause 8.3.3).
//
// Sources checked:
// - ISO 2859-1:1999 foreword (as quoted with BS 6001-1:1999 on pinzhi.org): "reduced plans have been
//   changed to eliminate the gap between the acceptance and rejection numbers".
// - AQL Inspector's Rule manual (aqlinspectorsrule.com, "Example 3 - Differences between ANSI and ISO
//   versions"): reduced, code letter G, AQL 1.0 gives H, n = 20, 0/2 (ANSI) and, following the arrows
//   through H, J, n = 32, 1/2 (ISO); ("below") code letter R at AQL 0.015 moves to P, n = 315, 0/1, in
//   both versions; ("manual/notes.html") row A at AQL 10 uses code letter C.
// - MIL-STD-105E (1989) / ANSI/ASQ Z1.4 Table II-C as resolved per code letter and AQL in the R
//   package AQLSchemes 1.7-2 by J. Lawson (CRAN), file R/AAZ14Single.R, mirrored in the GitHub
//   repository fjgonzalezmgt/AQLSchemesCust: rows C-R agree in columns 0.010-650; row A agrees in
//   columns 0.010-15 and row B in columns 0.010-25.
// - GB/T 2828.1-2012 Table 2-C (PDF page 23, printed page 17 of the standard's text), transcribed
//   by two people independently with no disagreement, in the fixtures
//   src/core/__tests__/fixtures/gbt2828-1-2012-tables-2abc-full16.tsv and -aql15-1000.tsv of the GitHub
//   repository nihantao-crosis/quality-platform: every ISO cell of every row agrees with the table below.
//
// Settled: the ISO cells at sample size 2 from AQL 25 on. Rows A and B (both reduced to n = 2) carry
// the plans of Table 2-A's row A, whose sample size is also 2: 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22
// 30/31; row C keeps the reduced progression (5/6 6/7 8/9 ...) and its 1000 column leads up to row B's
// 30/31. Carrying the Z1.4 cells over by the gap rule (0/2 -> arrow, 1/3 -> 1/2, 1/4 -> 2/3, ...)
// instead gives row A 1/2 at AQL 40 up to 14/15 at 1000 and row B 6/7 at 150 up to 21/22 at 1000:
// smaller acceptance numbers than normal inspection takes on the same sample of 2, which reduced
// inspection never should. AQLSchemes, above, also gives row A the normal plans there. GB/T 2828.1-2012
// and ISO 2859-1:1999 agree on the rule: both have Re = Ac + 1 in every reduced plan.
//
// Not confirmed: rows A and B from AQL 25 (40 for B) on and the 1000 column of the Z1.4 table, where
// AQLSchemes gives the normal-inspection plans of row A (1/2 ... 30/31) and, for row B, pairs such as
// 2/4 and 3/5 that belong to neither table.
//
// Layout as in Table 2-A: code letter, sample size, one cell per AQL column 0.010 ... 1000.

extension MasterTable {
    /// ISO 2859-1:1999 Table 2-C, reduced inspection.
    static let reducedISO = MasterTable(name: "2-C (reduced, ISO 2859-1:1999)", rows: [
        "A    2 | v v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
        "B    2 | v v v v v v v v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
        "C    2 | v v v v v v v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22 ^",
        "D    3 | v v v v v v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22 ^ ^",
        "E    5 | v v v v v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22 ^ ^ ^",
        "F    8 | v v v v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^",
        "G   13 | v v v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^",
        "H   20 | v v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^",
        "J   32 | v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "K   50 | v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "L   80 | v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "M  125 | v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "N  200 | v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "P  315 | v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "Q  500 | 0/1 ^ ^ v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "R  800 | ^ ^ ^ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
    ])

    /// ANSI/ASQ Z1.4 (MIL-STD-105E) Table II-C, reduced inspection.
    static let reducedZ14 = MasterTable(name: "II-C (reduced, ANSI/ASQ Z1.4)", rows: [
        "A    2 | v v v v v v v v v v v v v v 0/1 v v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 14/17",
        "B    2 | v v v v v v v v v v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 14/17 21/24",
        "C    2 | v v v v v v v v v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 14/17 21/24 ^",
        "D    3 | v v v v v v v v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 14/17 21/24 ^ ^",
        "E    5 | v v v v v v v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 14/17 21/24 ^ ^ ^",
        "F    8 | v v v v v v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^",
        "G   13 | v v v v v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^",
        "H   20 | v v v v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^ ^",
        "J   32 | v v v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "K   50 | v v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "L   80 | v v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "M  125 | v v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "N  200 | v v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "P  315 | v 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "Q  500 | 0/1 ^ v 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
        "R  800 | ^ ^ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",
    ])
}
