import CardPrepCommands

@main
enum Entrypoint {
    static func main() { ValidateCommand.main() }
}
