import CardPrepCommands

@main
enum Entrypoint {
    static func main() { InspectCommand.main() }
}
