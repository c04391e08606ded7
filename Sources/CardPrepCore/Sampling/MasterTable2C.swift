// Reduced inspection master tables. Sample sizes are the reduced ones (about 40 % of normal).
//
// ISO 2859-1:1999 Table 2-C (= GB/T 2828.1-2012 Table 4): single plans with Re = Ac + 1; the 1999
// edition dropped the 0/2 plans of the older table, whose cells now hold the downward arrow.
// ANSI/ASQ Z1.4 / MIL-STD-105E Table II-C: the older plans with a gap between Ac and Re; when the
// number of nonconforming items lies between them, the lot is accepted and normal inspection
// is reinstated (Z1.4 clause 8.3.3).
//
// Layout as in Table 2-A: code letter, sample size, one cell per AQL column 0.010 ... 1000.

extension MasterTable {
    /// ISO 2859-1:1999 Table 2-C, reduced inspection.
    static let reducedISO = MasterTable(name: "2-C (reduced, ISO 2859-1:1999)", rows: [
        "A    2 | v v v v v v v v v v v v v v 0/1 v v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15",
        "B    2 | v v v v v v v v v v v v v 0/1 ^ v v 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22",
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
