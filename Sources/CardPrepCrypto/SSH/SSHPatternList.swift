/// An OpenSSH pattern list such as `alice@example.com,*@ops.example.com,!mallory@*` (ssh_config(5) PATTERNS).
///
/// `*` matches any run of characters and `?` any one character; a pattern prefixed with `!` is negated.
/// A string matches the list when some plain pattern matches it and no negated pattern does,
/// exactly as OpenSSH's `match_pattern_list` decides. Matching is case-sensitive.
public struct SSHPatternList: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The list as written.
    public let text: String

    /// Wraps a comma-separated pattern list.
    public init(_ text: String) { self.text = text }

    /// The list as written.
    public var description: String { text }

    /// Whether `string` matches a plain pattern of the list and no negated one.
    public func matches(_ string: String) -> Bool {
        let subject = Array(string.unicodeScalars)
        var matchedPositive = false
        for pattern in text.split(separator: ",", omittingEmptySubsequences: false) {
            let negated = pattern.hasPrefix("!")
            let body = Array((negated ? pattern.dropFirst() : pattern).unicodeScalars)
            guard Self.match(subject[...], body[...]) else { continue }
            if negated { return false }
            matchedPositive = true
        }
        return matchedPositive
    }

    /// Glob matching with `*` and `?`, iterative with single backtracking point (linear in practice).
    private static func match(_ subject: ArraySlice<Unicode.Scalar>, _ pattern: ArraySlice<Unicode.Scalar>) -> Bool {
        var s = subject.startIndex
        var p = pattern.startIndex
        var star: (pattern: Int, subject: Int)?
        while s < subject.endIndex {
            if p < pattern.endIndex, pattern[p] == "*" {
                star = (p, s)
                p += 1
            } else if p < pattern.endIndex, pattern[p] == "?" || pattern[p] == subject[s] {
                p += 1
                s += 1
            } else if let last = star {
                p = last.pattern + 1
                s = last.subject + 1
                star = (last.pattern, last.subject + 1)
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == "*" { p += 1 }
        return p == pattern.endIndex
    }
}
