/// Splits one record into fields by the contract's delimiter, with RFC 4180-style quoting when the
/// contract sets a quote character: a field that starts with the quote runs to the next lone quote,
/// and a doubled quote inside it stands for one quote character.
enum CardDataFields {
    /// Why a record could not be split; the reason never quotes the record.
    enum Problem: Error, Equatable {
        case unterminatedQuote
        case quoteInUnquotedField
        case textAfterClosingQuote

        /// The reason in words.
        var description: String {
            switch self {
            case .unterminatedQuote: "a quoted field is not closed before the end of the line"
            case .quoteInUnquotedField: "a quote character appears inside an unquoted field"
            case .textAfterClosingQuote: "text follows the closing quote of a field"
            }
        }
    }

    /// Splits `text` into fields.
    static func split(_ text: String, delimiter: Character, quote: Character?) -> Result<[String], Problem> {
        guard let quote else {
            return .success(text.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init))
        }
        var fields: [String] = []
        var field = ""
        var characters = text.makeIterator()
        var pending = characters.next()
        var atFieldStart = true
        while let character = pending {
            pending = characters.next()
            if atFieldStart && character == quote {
                atFieldStart = false
                var closed = false
                while let inner = pending {
                    pending = characters.next()
                    if inner == quote {
                        if pending == quote { field.append(quote); pending = characters.next(); continue }
                        closed = true
                        break
                    }
                    field.append(inner)
                }
                guard closed else { return .failure(.unterminatedQuote) }
                if let next = pending, next != delimiter { return .failure(.textAfterClosingQuote) }
                continue
            }
            if character == delimiter {
                fields.append(field)
                field = ""
                atFieldStart = true
                continue
            }
            if character == quote { return .failure(.quoteInUnquotedField) }
            atFieldStart = false
            field.append(character)
        }
        fields.append(field)
        return .success(fields)
    }
}
