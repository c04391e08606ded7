/// The ledger's SQL is written with `?` placeholders; PostgreSQL numbers them (`$1`, `$2`, …).
enum PostgresPlaceholders {
    /// `sql` with each `?` outside quoted strings, quoted identifiers and comments replaced by `$n`, numbered from 1
    /// in order, and how many there were.
    static func numbered(_ sql: String) -> (sql: String, count: Int) {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var characters = sql.makeIterator()
        var pending: Character?
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return characters.next()
        }
        while let character = next() {
            switch character {
            case "?":
                count += 1
                output += "$\(count)"
            case "'", "\"":
                // A quoted string or identifier; a doubled quote inside it is an escaped quote.
                output.append(character)
                while let inner = next() {
                    output.append(inner)
                    if inner == character {
                        guard let following = next() else { break }
                        if following == character {
                            output.append(following)
                        } else {
                            pending = following
                            break
                        }
                    }
                }
            case "-":
                output.append(character)
                guard let following = next() else { break }
                if following == "-" {
                    output.append(following)
                    while let inner = next() {
                        output.append(inner)
                        if inner == "\n" { break }
                    }
                } else {
                    pending = following
                }
            case "/":
                output.append(character)
                guard let following = next() else { break }
                if following == "*" {
                    output.append(following)
                    var previous: Character = " "
                    while let inner = next() {
                        output.append(inner)
                        if previous == "*" && inner == "/" { break }
                        previous = inner
                    }
                } else {
                    pending = following
                }
            default:
                output.append(character)
            }
        }
        return (output, count)
    }
}
