/// Builds indented XML text with escaping; attributes are written in the order given.
struct XMLTextBuilder {
    private(set) var text = ""
    private var depth = 0

    mutating func raw(_ fragment: String) { text += fragment }

    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        text += indentation + "<" + name + Self.attributeText(attributes) + ">\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += indentation + "</" + name + ">\n"
    }

    mutating func leaf(_ name: String, _ value: String) {
        text += indentation + "<" + name + ">" + Self.escaped(value, inAttribute: false) + "</" + name + ">\n"
    }

    private var indentation: String { String(repeating: "  ", count: depth) }

    private static func attributeText(_ attributes: KeyValuePairs<String, String>) -> String {
        attributes.map { " \($0.key)=\"\(escaped($0.value, inAttribute: true))\"" }.joined()
    }

    /// Escapes markup characters, keeps whitespace that an attribute would normalise, and replaces
    /// characters XML 1.0 cannot carry with U+FFFD.
    static func escaped(_ value: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "\r": out += "&#13;"
            case "\t" where inAttribute: out += "&#9;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
