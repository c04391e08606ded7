import Testing

@testable import CardPrepCore

@Suite struct DropManifestTests {
    let digest = String(repeating: "ab", count: 32)

    @Test func readsWhatSha256sumWrites() throws {
        let manifest = try DropManifest(text: "\(digest)  order.xml\n\(digest.uppercased()) *cards.csv.age\n")
        #expect(manifest.entries.map(\.name) == ["order.xml", "cards.csv.age"])
        #expect(manifest.entries.allSatisfy { $0.sha256 == digest })
        #expect(manifest.text == "\(digest)  cards.csv.age\n\(digest)  order.xml\n")
    }

    @Test(arguments: [
        ("not a manifest\n", DropManifestError.malformedLine(1)),
        ("\(String(repeating: "ab", count: 32))  ../etc/passwd\n", .forbiddenName(line: 1, name: "../etc/passwd")),
        ("\(String(repeating: "ab", count: 32))  sub/file\n", .forbiddenName(line: 1, name: "sub/file")),
        ("\(String(repeating: "ab", count: 32))  .hidden\n", .forbiddenName(line: 1, name: ".hidden")),
        ("\(String(repeating: "ab", count: 32))  MANIFEST.sha256\n", .forbiddenName(line: 1, name: "MANIFEST.sha256")),
        ("\(String(repeating: "ab", count: 32))  a.xml\n\(String(repeating: "cd", count: 32))  a.xml\n", .duplicateName(line: 2, name: "a.xml")),
        ("\n\n", .empty),
        ("\(String(repeating: "zz", count: 32))  a.xml\n", .malformedLine(1)),
    ])
    func refusesBadManifests(text: String, expected: DropManifestError) {
        #expect(throws: expected) { try DropManifest(text: text) }
    }

    @Test func fileKindsFollowNames() {
        #expect(DropFileKind(fileName: "order-1.XML") == .order)
        #expect(DropFileKind(fileName: "cards.csv.age") == .encryptedCardData)
        #expect(DropFileKind(fileName: "cards.csv") == .unknown)
    }
}

@Suite struct HashTotalTests {
    @Test func sumsCardNumbersModuloTenToTheFifteen() {
        var total = HashTotal()
        total.add("4111111111111111")
        total.add("999999999999999")
        // 4111111111111111 mod 10^15 = 111111111111111; + 999999999999999 = 1111111111111110 mod 10^15
        #expect(total.text == "111111111111110")
    }

    @Test func seededGeneratorRepeats() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }
}
