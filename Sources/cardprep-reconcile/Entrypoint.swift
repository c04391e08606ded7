import CardPrepCommands

@main
enum Entrypoint {
    static func main() { ReconcileCommand.main() }
}
