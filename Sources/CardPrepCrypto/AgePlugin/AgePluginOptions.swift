import Foundation

/// How CardPrep runs age plugins: where it looks for them, how long it waits, and who answers their questions.
public struct AgePluginOptions: Sendable {
    /// The folders searched for `age-plugin-<name>`, in order (the `PATH` of the process by default).
    public var searchPath: [String]
    /// How long one read from a plugin may wait before the plugin is stopped.
    public var timeout: Duration
    /// Answers the plugin's messages and questions.
    public var prompts: AgePluginPrompts
    /// Variables set for the plugin on top of this process's environment (tests point SoftHSM2 at a token of their own).
    public var environment: [String: String] = [:]

    /// Creates options.
    public init(
        searchPath: [String] = AgePluginOptions.processSearchPath, timeout: Duration = .seconds(60),
        prompts: AgePluginPrompts = .unattended
    ) {
        self.searchPath = searchPath; self.timeout = timeout; self.prompts = prompts
    }

    /// The folders of this process's `PATH`.
    public static var processSearchPath: [String] {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
    }

    /// The options used when none are given.
    public static var standard: AgePluginOptions { AgePluginOptions() }
}

/// Answers to a plugin's `msg`, `confirm`, `request-public` and `request-secret` commands.
///
/// A batch run has nobody to ask: `unattended` answers `fail` to every one of them (a plugin that needs a PIN must
/// get it elsewhere, as `age-plugin-cardprep` reads its token PIN from a file).
public struct AgePluginPrompts: Sendable {
    /// Shows a message; returns whether it was shown.
    public var message: @Sendable (_ plugin: String, _ text: String) -> Bool
    /// Asks a yes/no question with the two button texts; true for yes, false for no, nil when it cannot be asked.
    public var confirm: @Sendable (_ plugin: String, _ text: String, _ yes: String, _ no: String?) -> Bool?
    /// Asks for a public value; nil when it cannot be asked.
    public var requestPublic: @Sendable (_ plugin: String, _ text: String) -> String?
    /// Asks for a secret (a PIN); nil when it cannot be asked.
    public var requestSecret: @Sendable (_ plugin: String, _ text: String) -> [UInt8]?

    /// Creates prompts from four answers.
    public init(
        message: @escaping @Sendable (String, String) -> Bool,
        confirm: @escaping @Sendable (String, String, String, String?) -> Bool?,
        requestPublic: @escaping @Sendable (String, String) -> String?,
        requestSecret: @escaping @Sendable (String, String) -> [UInt8]?
    ) {
        self.message = message; self.confirm = confirm; self.requestPublic = requestPublic; self.requestSecret = requestSecret
    }

    /// Nobody to ask: every command is answered with `fail`.
    public static let unattended = AgePluginPrompts(
        message: { _, _ in false }, confirm: { _, _, _, _ in nil }, requestPublic: { _, _ in nil },
        requestSecret: { _, _ in nil })
}
