import CardPrepCore
import Foundation
import Testing

@testable import CardPrepStages

/// A product's `repeats` policy in a customer profile: renewals and reissues refused unless the profile accepts them,
/// a wrong value named with its file and line.
@Suite struct RepeatPolicyProfileTests {
    func load(_ repeats: String) throws -> CustomerProfile {
        let folder = NSTemporaryDirectory() + "repeats-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = """
            customer: cust-09
            name: Test Bank
            products:
              - code: C09-DEBIT
                programme: bank
            \(repeats)
              - code: C09-ACCESS
                programme: access

            """
        try text.write(toFile: folder + "/cust-09.yml", atomically: true, encoding: .utf8)
        return try CustomerProfile.load(path: folder + "/cust-09.yml")
    }

    @Test func bothAreRefusedUnlessTheProfileAcceptsThem() throws {
        let plain = try load("")
        #expect(plain.contract.products.map(\.repeats) == [RepeatPolicy(), RepeatPolicy()])
        #expect(try load("    repeats: {renewal: accept}").contract.product("C09-DEBIT")?.repeats == RepeatPolicy(acceptsRenewals: true))
        let both = try load("    repeats:\n      renewal: accept\n      reissue: accept")
        #expect(both.contract.product("C09-DEBIT")?.repeats == RepeatPolicy(acceptsRenewals: true, acceptsReissues: true))
        #expect(both.contract.product("C09-ACCESS")?.repeats == RepeatPolicy())
        #expect(try load("    repeats: {renewal: refuse, reissue: accept}").contract.product("C09-DEBIT")?.repeats
                == RepeatPolicy(acceptsReissues: true))
    }

    @Test(arguments: [
        ("    repeats: {renewal: yes}", 6, "'renewal': 'yes' is not accept or refuse"),
        ("    repeats:\n      renewal: accept\n      reissue: maybe", 8, "'reissue': 'maybe' is not accept or refuse"),
        ("    repeats: {renewals: accept}", 6, "unknown key 'renewals'"),
    ])
    func aWrongValueIsNamedWithItsLine(repeats: String, line: Int, words: String) throws {
        #expect { try load(repeats) } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.reason.contains(words) && error.line == line && error.file.hasSuffix("cust-09.yml")
        }
    }
}
