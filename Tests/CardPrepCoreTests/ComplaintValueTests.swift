import CardPrepCore
import Foundation
import Testing

/// The values of the complaints register: ids, the state table, texts and the report's figures.
@Suite struct ComplaintValueTests {
    @Test(arguments: [
        ("CMP-2026-0001", "CMP-2026-0001"), ("cmp-2026-1", "CMP-2026-0001"), ("CMP-2027-12345", "CMP-2027-12345"),
    ])
    func anIDIsReadAndWrittenWithFourDigitsAtLeast(text: String, written: String) {
        #expect(ComplaintID(text)?.description == written)
    }

    @Test(arguments: ["", "CMP-2026", "CMP-26-0001", "CMP-2026-0000", "XYZ-2026-0001", "CMP-2026-00a1", "CMP-2026-0001-1"])
    func otherTextIsNoID(text: String) {
        #expect(ComplaintID(text) == nil)
    }

    @Test func idsSortByYearThenNumber() {
        let ids = ["CMP-2027-0001", "CMP-2026-0010", "CMP-2026-0002"].compactMap(ComplaintID.init)
        #expect(ids.sorted().map(\.description) == ["CMP-2026-0002", "CMP-2026-0010", "CMP-2027-0001"])
    }

    @Test func theStateTableAllowsNotesAndOneClosureWhileOpen() {
        for state in ComplaintState.allCases {
            for act in ComplaintState.Act.allCases {
                let expected: ComplaintState? = state == .open ? (act == .close ? .closed : .open) : nil
                #expect(state.after(act) == expected, "\(state) \(act)")
            }
        }
    }

    @Test(
        arguments: [
            ("the embossing is worn", nil), ("", "must not be empty"),
            ("two\nlines", "must be one line without control characters"),
            (" padded", "must not start or end with a space"),
        ] as [(String, String?)])
    func aTextIsOneLine(text: String, problem: String?) {
        #expect(ComplaintText.problem(with: text) == problem)
    }

    @Test func theCausesAndRemediesAreTheDocumentedLists() {
        #expect(
            ComplaintCause.names
                == "personalisation-error, card-defect, wrong-data-from-customer, delivery-damage, delivery-lost, late-delivery, other"
        )
        #expect(ComplaintRemedy.names == "remake, replace, explain, credit, none")
    }

    @Test func theFiguresAddUp() {
        let day: TimeInterval = 86_400, start = Date(timeIntervalSince1970: 1_793_491_200)
        let figures = ComplaintFigures([
            .init(receivedAt: start, closedAt: start + 1 * day, cause: .cardDefect, department: .production),
            .init(receivedAt: start, closedAt: start + 4 * day, cause: .lateDelivery, department: .warehouse),
            .init(receivedAt: start, closedAt: start + 2 * day, cause: .cardDefect, department: .production),
            .init(receivedAt: start),
        ])
        #expect(figures.received == 4 && figures.open == 1 && figures.closed == 3)
        #expect(figures.medianSecondsToClose == Int(2 * day))
        #expect(figures.causes == [.init(name: "card-defect", closed: 2), .init(name: "late-delivery", closed: 1)])
        #expect(figures.departments == [.init(name: "production", closed: 2), .init(name: "warehouse", closed: 1)])
        #expect(figures.causes.reduce(0) { $0 + $1.closed } == figures.closed)
        #expect(figures.departments.reduce(0) { $0 + $1.closed } == figures.closed)
    }

    @Test(arguments: [([], nil), ([5], 5), ([9, 1], 5), ([4, 1, 3], 3), ([1, 2, 3, 10], 2)] as [([Int], Int?)])
    func theMedianIsTheMiddleOrTheMeanOfTheTwoMiddleOnes(values: [Int], median: Int?) {
        #expect(ComplaintFigures.median(values) == median)
    }
}
