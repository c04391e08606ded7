import CardPrepCommands

@main
enum Entrypoint {
    static func main() {
        CardPrepProcess.prepare()
        StagedExecutable<ArchiveCommand>.main()
    }
}
