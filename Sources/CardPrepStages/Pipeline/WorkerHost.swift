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
            name.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) })
        {
            return name
        }
        return ProcessInfo.processInfo.hostName
    }
}
