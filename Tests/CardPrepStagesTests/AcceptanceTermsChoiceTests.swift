import CardPrepCore
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct AcceptanceTermsChoiceTests {
    static let order = AcceptanceTerms(inspectionLevel: .iii, lotBasis: .batch, criticalAQL: AQL("0.065")!, majorAQL: AQL("0.40")!,
                                       minorAQL: AQL("1.5")!)
    static let profile = AcceptanceTerms(inspectionLevel: .i, lotBasis: .delivery, criticalAQL: AQL("0.25")!, majorAQL: AQL("1.0")!,
                                         minorAQL: AQL("4.0")!, reducedInspectionAllowed: true)

    @Test func theOrderComesFirstThenTheProfileThenTheDefaults() {
        let fromOrder = InspectionPlanning.terms(order: Self.order, profile: Self.profile)
        #expect(fromOrder.1 == "order")
        #expect(fromOrder.0?.majorAQL == AQL("0.40"))
        #expect(fromOrder.0?.reducedInspectionAllowed == true, "an order silent on reduced inspection takes the profile's")
        let fromProfile = InspectionPlanning.terms(order: nil, profile: Self.profile)
        #expect(fromProfile.1 == "customer profile")
        #expect(fromProfile.0 == Self.profile)
        let defaults = InspectionPlanning.terms(order: nil, profile: nil)
        #expect(defaults.0 == nil)
        #expect(defaults.1 == "defaults")
    }

    @Test func profilesCarryAcceptanceTerms() throws {
        let folder = try TemporaryProfileFolder()
        try """
            customer: cust-09
            acceptance:
              level: S-3
              lot_basis: delivery
              critical: 0.10
              minor: 4.0
              reduced_inspection: true
            """.write(toFile: folder.path + "/cust-09.yml", atomically: true, encoding: .utf8)
        let terms = try #require(try CustomerProfile.find(customer: "cust-09", in: folder.path)?.acceptance)
        #expect(terms.inspectionLevel == .s3)
        #expect(terms.lotBasis == .delivery)
        #expect(terms.criticalAQL == AQL("0.10"))
        #expect(terms.majorAQL == DefaultAcceptance.terms.majorAQL)
        #expect(terms.minorAQL == AQL("4.0"))
        #expect(terms.reducedInspectionAllowed == true)

        try "customer: cust-09\nacceptance:\n  critical: 0.3\n".write(toFile: folder.path + "/cust-09.yml", atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try CustomerProfile.find(customer: "cust-09", in: folder.path) }
    }
}

final class TemporaryProfileFolder {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-\(UUID().uuidString)").path
    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
