import Foundation

/// The name of the host a run works on, as claims, custody records and `cardprep status` show it: the machine's host
/// name, or `CARDPREP_HOST` when set (two workers on one machine standing for two hosts, or a container whose host
/// name changes at each start). It names a machine, never a person.
public enum WorkerHost {
    /// The variable that overrides the host name.
    public static let variable = "CARDPREP_HOST"

    /// This run's host name.
    public static var name: String {
        if let name = ProcessInfo.processInfo.environment[variable]?.trimmingCharacters(in: .whitespaces), !name.isEmpty,
            isHostName(name)
        {
            return name
        }
        return ProcessInfo.processInfo.hostName
    }

    /// Why `CARDPREP_HOST` in `environment` cannot name a host, or nil when it can or is not set. The executables
    /// refuse to start with such a value rather than run under the machine's own name.
    public static func problem(in environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let value = environment[variable]?.trimmingCharacters(in: .whitespaces), !value.isEmpty, !isHostName(value)
        else { return nil }
        return "\(variable)=\(value.debugDescription) is not a host name: it names lock files, so it may hold letters, digits, "
            + "'-', '.' and '_' only (up to 253, not starting with '.'), e.g. \(variable)=prep-2"
    }

    /// Letters, digits, '-', '.' and '_', up to a DNS name's 253 characters, not starting with '.' (no hidden or
    /// parent-folder names in `.lock-<host>`).
    static func isHostName(_ name: String) -> Bool {
        name.count <= 253 && !name.hasPrefix(".")
            && name.allSatisfy { ($0.isLetter || $0.isNumber || "-._".contains($0)) && $0.isASCII }
    }
}
