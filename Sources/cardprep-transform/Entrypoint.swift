import CardPrepCommands

@main
enum Entrypoint {
    static func main() { TransformCommand.main() }
}
