import CardPrepCommands

@main
enum Entrypoint {
    static func main() { IngestCommand.main() }
}
