import CardPrepCore
import CardPrepLedger
import Foundation

/// Finds a drop from what a person types: its id or any unambiguous prefix of 8 or more hex characters,
/// `customer/drop`, or `customer/drop@time` as quarantine folders are named.
public enum DropLookup {
    /// The drop `reference` names.
    /// - Throws: `DropLookupError` when it names none, several, or is not of a form above.
    public static func find(_ reference: String, in ledger: Ledger) throws -> DropRecord {
        let drops = try ledger.drops()
        let text = reference.trimmingCharacters(in: .whitespaces)
        let matches: [DropRecord]
        if let slash = text.firstIndex(of: "/") {
            let customer = String(text[..<slash]), rest = String(text[text.index(after: slash)...])
            let name = rest.split(separator: "@", maxSplits: 1).first.map(String.init) ?? rest
            let named = drops.filter { $0.customer == customer && $0.name == name }
            if rest.contains("@") {
                matches = named.filter { URL(fileURLWithPath: $0.originalsPath).lastPathComponent == rest }
            } else {
                // The same drop name may come again (a corrected delivery): the latest still open is meant.
                let open = named.filter { !$0.state.isFinal }
                matches = open.isEmpty ? Array(named.suffix(1)) : Array(open.suffix(1))
            }
        } else {
            let hex = text.lowercased()
            guard hex.count >= 8, hex.count <= 64, hex.allSatisfy(\.isHexDigit) else { throw DropLookupError.badForm(reference) }
            matches = drops.filter { $0.id.hasPrefix(hex) }
        }
        guard let first = matches.first else { throw DropLookupError.notFound(reference) }
        guard matches.count == 1 else { throw DropLookupError.ambiguous(reference, candidates: matches.map(\.label)) }
        return first
    }
}

/// A drop reference that names no drop, or several.
public enum DropLookupError: Error, Equatable, CustomStringConvertible {
    case badForm(String)
    case notFound(String)
    case ambiguous(String, candidates: [String])

    public var description: String {
        switch self {
        case let .badForm(text):
            "'\(text)' is not a drop: give its id (8 or more hex characters) or customer/drop, as `cardprep status` lists them"
        case let .notFound(text): "no drop \(text) in the ledger (see `cardprep status`)"
        case let .ambiguous(text, candidates):
            "'\(text)' names \(candidates.count) drops: \(candidates.joined(separator: ", ")); give more of the id"
        }
    }
}
