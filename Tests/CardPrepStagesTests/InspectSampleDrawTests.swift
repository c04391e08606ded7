import CardPrepCore
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct InspectSampleDrawTests {
    let serials = (1...2000).map { "B001-\($0)" }

    @Test func sameSeedSameListDifferentSeedDifferentList() {
        let seed = Array(repeating: UInt8(0x42), count: 32)
        let first = SampleDraw.pickList(from: serials, count: 125, seed: seed)
        #expect(first == SampleDraw.pickList(from: serials, count: 125, seed: seed))
        #expect(Set(first).count == 125 && Set(first).isSubset(of: Set(serials)))
        var other = seed
        other[31] ^= 1
        #expect(first != SampleDraw.pickList(from: serials, count: 125, seed: other))
    }

    /// Pinned against an independent computation of SHA-256(seed ‖ counter) with Python's hashlib.
    @Test func knownSeedGivesAPinnedList() {
        let list = SampleDraw.pickList(from: serials, count: 3, seed: [UInt8](repeating: 0, count: 32))
        #expect(list == ["B001-1309", "B001-1638", "B001-1674"])
    }

    @Test func wholeLotWhenTheSampleReachesIt() {
        let list = SampleDraw.pickList(from: Array(serials.prefix(10)), count: 50, seed: SampleDraw.randomSeed())
        #expect(Set(list) == Set(serials.prefix(10)) && list.count == 10)
    }

    @Test func seedsAreHexOf32Bytes() throws {
        #expect(try SampleDraw.seed(hex: String(repeating: "aB", count: 32)).count == 32)
        #expect(throws: InspectionError.self) { try SampleDraw.seed(hex: "abc") }
        #expect(SampleDraw.randomSeed() != SampleDraw.randomSeed())
    }
}
