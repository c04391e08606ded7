/// Bounds on what the hardened loader accepts before and while parsing.
public struct XMLParsingLimits: Sendable, Equatable {
    /// The largest file, in bytes, that is parsed at all; checked before parsing. Default 16 MiB.
    public var maxBytes: Int
    /// The deepest element nesting accepted (the root element is depth 1). Default 32.
    public var maxDepth: Int

    /// Creates limits.
    public init(maxBytes: Int = 16 * 1024 * 1024, maxDepth: Int = 32) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }
}
