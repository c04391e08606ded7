import CardPrepAgePlugin

@main
enum Entrypoint {
    static func main() {
        AgePluginCardPrepCommand.main()
    }
}
