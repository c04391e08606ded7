import Foundation
import Testing
@testable import CardPrepCore

@Suite struct OrderValueTests {
    @Test(arguments: ["2025-03-14", "2024-02-29", "0001-01-01", "9999-12-31"])
    func validDatesRoundTrip(_ text: String) throws {
        #expect(try #require(CalendarDate(text)).description == text)
    }

    @Test(arguments: ["2025-02-29", "2025-13-01", "2025-3-14", "25-03-14", "2025-03-14Z", "", "２０２５-03-14"])
    func invalidDatesAreRefused(_ text: String) { #expect(CalendarDate(text) == nil) }

    @Test func datesOrderChronologically() throws {
        #expect(try #require(CalendarDate("2025-03-14")) < #require(CalendarDate("2025-04-01")))
    }

    @Test(arguments: ["0.010", "0.065", "0.1", "0.10", "1.0", "2.5", "10", "1000"])
    func preferredAQLsAreAccepted(_ text: String) { #expect(AQL(text) != nil) }

    @Test(arguments: ["0.02", "3", "0", "-1", "1001", "abc", ""])
    func otherAQLsAreRefused(_ text: String) { #expect(AQL(text) == nil) }

    @Test func aqlTextIsCanonical() {
        #expect(AQL("0.065")?.description == "0.065")
        #expect(AQL("0.10") == AQL("0.1"))
    }

    @Test func valuesRoundTripThroughJSON() throws {
        let terms = AcceptanceTerms(
            inspectionLevel: .s3, lotBasis: .delivery, criticalAQL: AQL("0.010")!,
            majorAQL: AQL("1.0")!, minorAQL: AQL("4.0")!)
        let data = try JSONEncoder().encode(terms)
        #expect(try JSONDecoder().decode(AcceptanceTerms.self, from: data) == terms)
    }
}
