import CardPrepCommands

@main
enum Entrypoint {
    static func main() { ArchiveCommand.main() }
}
