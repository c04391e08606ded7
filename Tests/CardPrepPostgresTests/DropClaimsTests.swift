import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepPostgres

/// Drop claims with leases on a PostgreSQL ledger that several hosts share.
@Suite struct DropClaimsTests {
    static func ledger() throws -> (PostgresLedgerConfiguration, PostgresLedgerStore) {
        let configuration = try PostgresTestStores.newDatabase()
        let store = try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        try store.prepareLedgerSchema()
        return (configuration, store)
    }

    @Test func workersOnThreeHostsClaimEachDropOnce() throws {
        let (configuration, first) = try Self.ledger()
        let hosts =
            try [first]
            + (0..<2).map { _ in
                try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
            }
        let candidates = (1...20).map { (dropID: String(format: "D%02d", $0), stage: "ingest") }
        let claimed = ClaimedDrops()
        let group = DispatchGroup()
        for (index, host) in hosts.enumerated() {
            for worker in 0..<2 {
                group.enter()
                Thread {
                    defer { group.leave() }
                    let claims = DropClaims(store: host)
                    let holder = DropClaimHolder(host: "host\(index + 1)", pid: Int64(1000 + worker))
                    do {
                        while let claim = try claims.claimNext(of: candidates, holder: holder, lease: 600, now: Date()) {
                            // The stage's final write, fenced by the claim.
                            try host.write { transaction in
                                try DropClaims.checkFence(claim, now: Date(), in: transaction)
                            }
                            claimed.add(claim)
                        }
                    } catch { claimed.fail("\(error)") }
                }.start()
            }
        }
        group.wait()
        #expect(claimed.failures.isEmpty)
        #expect(claimed.all.map(\.dropID).sorted() == candidates.map(\.dropID))
        #expect(Set(claimed.all.map(\.token)).count == 20)
        #expect(Set(claimed.all.map(\.holder.host)).count > 1, "the drops were shared between hosts")
    }

    @Test func aDropWhoseLeaseRanOutIsTakenOverAndTheFormerHolderIsRefused() throws {
        let (_, store) = try Self.ledger()
        let claims = DropClaims(store: store)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let crashed = DropClaimHolder(host: "host1", pid: 11)
        let other = DropClaimHolder(host: "host2", pid: 22)
        let first = try #require(try claims.claimNext(of: [("D1", "transform")], holder: crashed, lease: 30, now: start))
        #expect(
            try claims.claimNext(of: [("D1", "transform")], holder: other, lease: 30, now: start.addingTimeInterval(29)) == nil)
        let renewed = try claims.renew(first, lease: 30, now: start.addingTimeInterval(20))
        #expect(renewed.leaseUntil == first.leaseUntil + 20_000)
        #expect(
            try claims.claimNext(of: [("D1", "transform")], holder: other, lease: 30, now: start.addingTimeInterval(45)) == nil)

        let later = start.addingTimeInterval(51)
        let takenOver = try #require(try claims.claimNext(of: [("D1", "transform")], holder: other, lease: 30, now: later))
        #expect(takenOver.token > first.token)
        #expect(takenOver.holder == other)

        let lost = DropClaimLost(dropID: "D1", stage: "transform", token: first.token, heldBy: other)
        #expect(throws: lost) { try claims.renew(first, lease: 30, now: later) }
        #expect("\(lost)".contains("host2 (pid 22) holds it now"))
        try claims.release(first)
        try store.write { try DropClaims.checkFence(takenOver, now: later, in: $0) }
    }

    @Test func aStageWithAStaleTokenIsRefusedAtCommitAndRecordsNothing() throws {
        let (_, store) = try Self.ledger()
        try store.write { try $0.execute(#"CREATE TABLE "stageDone" ("dropID" text, "token" bigint)"#, []) }
        let claims = DropClaims(store: store)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let slow = try #require(
            try claims.claimNext(of: [("D7", "archive")], holder: DropClaimHolder(host: "host1", pid: 1), lease: 10, now: start))
        let after = start.addingTimeInterval(11)
        #expect(throws: DropClaimLost(dropID: "D7", stage: "archive", token: slow.token, heldBy: nil)) {
            try store.write { transaction in
                try transaction.execute(#"INSERT INTO "stageDone" VALUES (?, ?)"#, [.text("D7"), .integer(slow.token)])
                try DropClaims.checkFence(slow, now: after, in: transaction)
            }
        }
        let fresh = try #require(
            try claims.claimNext(of: [("D7", "archive")], holder: DropClaimHolder(host: "host2", pid: 2), lease: 10, now: after))
        #expect(throws: DropClaimLost.self) {
            try store.write { try DropClaims.checkFence(slow, now: after, in: $0) }
        }
        try store.write { transaction in
            try DropClaims.checkFence(fresh, now: after, in: transaction)
            try transaction.execute(#"INSERT INTO "stageDone" VALUES (?, ?)"#, [.text("D7"), .integer(fresh.token)])
        }
        let done = try store.read { try $0.rows(#"SELECT "token" FROM "stageDone""#, []) }
        #expect(done.map { $0["token"] } == [.integer(fresh.token)])
    }

    @Test func claimsGoOnWhileAnotherHostCommitsAndAFencedCommitCannotBeTakenOver() throws {
        let (ledger, store) = try Self.ledger()
        var configuration = ledger
        configuration.lockTimeout = 0.5
        let other = try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        let claims = DropClaims(store: store)
        let start = Date()
        let committing = try #require(
            try claims.claimNext(of: [("D1", "transform")], holder: DropClaimHolder(host: "host1", pid: 1), lease: 30, now: start)
        )
        // host1 commits a long stage of D1, its claim checked (and its row locked) at the start.
        try PostgresTestStores.whileAWriteIsOpen(
            on: store, first: { try DropClaims.checkFence(committing, now: start, in: $0) }
        ) {
            let otherClaims = DropClaims(store: other)
            let host2 = DropClaimHolder(host: "host2", pid: 2)
            // host2 claims another drop at once, although host1 holds the ledger's write lock…
            let began = Date()
            let next = try otherClaims.claimNext(
                of: [("D1", "transform"), ("D2", "transform")], holder: host2, lease: 30, now: start)
            #expect(next?.dropID == "D2", "D1's row is locked by host1's commit: passed over, not waited for")
            #expect(Date().timeIntervalSince(began) < 0.4)
            // …and cannot take D1 over in the middle of host1's commit even once its lease has run out.
            #expect(
                try otherClaims.claimNext(of: [("D1", "transform")], holder: host2, lease: 30, now: start.addingTimeInterval(60))
                    == nil)
        }
    }
}

/// Claims taken by several threads.
final class ClaimedDrops: @unchecked Sendable {
    private let lock = NSLock()
    private var claims: [DropClaim] = []
    private var errors: [String] = []
    func add(_ claim: DropClaim) { lock.withLock { claims.append(claim) } }
    func fail(_ error: String) { lock.withLock { errors.append(error) } }
    var all: [DropClaim] { lock.withLock { claims } }
    var failures: [String] { lock.withLock { errors } }
}
