import CardPrepCore
import CardPrepStages

/// What a command that needs people named says when they are not: who may fill each duty of the action, and the
/// command again with people named who fit (it prints the statement to sign).
enum WhoSigns {
    /// - Parameters:
    ///   - what: the action as people read it (`retry of drop cust-01/drop-… (204e54c8)`).
    ///   - rule: the action's rule; `register`: the people who may sign.
    ///   - who: who signs, as people read it; by default the person who asks for it (and another who approves it).
    ///   - command: the command's words with the people named in duty order.
    static func message(
        _ what: String, rule: DualControlRule, register: PersonRegister, peopleFolder: String, who: String? = nil,
        command: ([String]) -> [String]
    ) -> String {
        let candidates = DutyCandidates(rule: rule, register: register)
        let who =
            who ?? (candidates.duties.count == 1 ? "the person who asks for it" : "the person who asks for it and another who approves it")
        var lines = ["\(what) is done on a statement signed by \(who); name them:"]
        lines += candidates.lines { "--\($0)" }.map { "  " + $0 }
        if let example = candidates.example {
            lines += ["for example (this prints the statement to sign):", "  " + command(example).map(Shell.quoted).joined(separator: " ")]
        } else {
            lines.append("the register of people (\(peopleFolder)) has no one for every duty; add them first")
        }
        return lines.joined(separator: "\n")
    }
}
