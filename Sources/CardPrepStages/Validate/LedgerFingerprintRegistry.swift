import CardPrepCore
import CardPrepCrypto
import CardPrepLedger

/// The cards of earlier drops as the ledger remembers them: each number is fingerprinted with the bureau's
/// HMAC key and the fingerprint looked up; the number itself is never stored or sent anywhere.
struct LedgerFingerprintRegistry: CardFingerprintRegistry {
    let ledger: Ledger
    let key: any CardFingerprintKey

    func fingerprint(of cardNumber: String) throws -> CardFingerprint { try key.fingerprint(of: cardNumber) }

    func earlierCards(_ fingerprints: [CardFingerprint]) throws -> [EarlierCards] { try ledger.earlierCards(fingerprints) }
}
