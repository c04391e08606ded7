import CardPrepCommands

@main
enum Entrypoint {
    static func main() {
        CardPrepProcess.prepare()
        StagedExecutable<TransformCommand>.main()
    }
}
