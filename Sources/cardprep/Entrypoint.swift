import CardPrepCommands

@main
enum Entrypoint {
    static func main() { CardPrepCommand.main() }
}
