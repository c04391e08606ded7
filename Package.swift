// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "CardPrep",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cardprep", targets: ["cardprep"]),
        .executable(name: "cardprep-ingest", targets: ["cardprep-ingest"]),
        .executable(name: "cardprep-validate", targets: ["cardprep-validate"]),
        .executable(name: "cardprep-transform", targets: ["cardprep-transform"]),
        .executable(name: "cardprep-reconcile", targets: ["cardprep-reconcile"]),
        .executable(name: "cardprep-inspect", targets: ["cardprep-inspect"]),
        .executable(name: "cardprep-archive", targets: ["cardprep-archive"]),
        .executable(name: "age-plugin-cardprep", targets: ["age-plugin-cardprep"]),
        .library(name: "CardPrepCore", targets: ["CardPrepCore"]),
        .library(name: "CardPrepCrypto", targets: ["CardPrepCrypto"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // C libraries: one system library target each, imported by exactly one Swift module.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CLibArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // PKCS#11 declarations only: the token's module is loaded at run time with dlopen.
        .systemLibrary(
            name: "CPKCS11",
            pkgConfig: "p11-kit-1",
            providers: [.apt(["libp11-kit-dev"])]
        ),
        // OpenPGP intake: librnp, imported by CardPrepOpenPGP alone.
        .systemLibrary(
            name: "CLibRNP",
            pkgConfig: "librnp",
            providers: [.apt(["librnp-dev"])]
        ),

        // Files and system calls: byte streams, atomic and scratch files, folder moves, iconv; one errno funnel.
        .target(name: "CardPrepIO"),

        // Domain values and rules: pure Swift; byte streams and scratch files come from CardPrepIO.
        .target(
            name: "CardPrepCore",
            dependencies: ["CardPrepIO", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "CardPrepCrypto",
            dependencies: [
                "CardPrepCore", "CardPrepIO", "CardPrepPKCS11",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // age-plugin-cardprep: a P-256 recipient whose private key stays in a PKCS#11 token.
        .target(
            name: "CardPrepAgePlugin",
            dependencies: [
                "CardPrepCrypto", "CardPrepPKCS11",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "CardPrepXML", dependencies: ["CardPrepCore", "CLibXML2"]),
        .target(name: "CardPrepArchive", dependencies: ["CardPrepCore", "CardPrepIO", "CLibArchive"]),
        // Keys in PKCS#11 tokens: the one owner of the loaded module, its sessions, login and object handles.
        .target(name: "CardPrepPKCS11", dependencies: ["CPKCS11"]),
        // OpenPGP decryption and detached signatures over librnp; owns every rnp handle.
        .target(name: "CardPrepOpenPGP", dependencies: ["CardPrepIO", "CLibRNP"]),
        .target(
            name: "CardPrepLedger",
            dependencies: [
                "CardPrepCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The ledger on a PostgreSQL server several hosts share: the one importer of PostgresNIO.
        .target(
            name: "CardPrepPostgres",
            dependencies: [
                "CardPrepLedger",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CardPrepStages",
            dependencies: [
                "CardPrepCore", "CardPrepIO", "CardPrepCrypto", "CardPrepXML", "CardPrepArchive", "CardPrepLedger",
                "CardPrepPostgres",
                "CardPrepPKCS11",
                "CardPrepOpenPGP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "CardPrepCommands",
            dependencies: [
                "CardPrepCore", "CardPrepIO", "CardPrepCrypto", "CardPrepXML", "CardPrepArchive", "CardPrepLedger",
                "CardPrepStages", "CardPrepPKCS11", "CardPrepPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Executables: thin entry points over CardPrepCommands.
        .executableTarget(name: "cardprep", dependencies: ["CardPrepCommands"]),
        .executableTarget(name: "cardprep-ingest", dependencies: ["CardPrepCommands"]),
        .executableTarget(name: "cardprep-validate", dependencies: ["CardPrepCommands"]),
        .executableTarget(name: "cardprep-transform", dependencies: ["CardPrepCommands"]),
        .executableTarget(name: "cardprep-reconcile", dependencies: ["CardPrepCommands"]),
        .executableTarget(name: "cardprep-inspect", dependencies: ["CardPrepCommands"]),
        .executableTarget(name: "cardprep-archive", dependencies: ["CardPrepCommands"]),
        .executableTarget(name: "age-plugin-cardprep", dependencies: ["CardPrepAgePlugin"]),

        // Tests.
        .testTarget(name: "CardPrepIOTests", dependencies: ["CardPrepIO"]),
        .testTarget(name: "CardPrepCoreTests", dependencies: ["CardPrepCore", "CardPrepIO"]),
        .testTarget(name: "CardPrepCryptoTests", dependencies: ["CardPrepCrypto", "CardPrepIO", "CardPrepPKCS11"]),
        .testTarget(
            name: "CardPrepAgePluginTests",
            dependencies: ["CardPrepAgePlugin", "CardPrepCrypto", "CardPrepIO", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "CardPrepXMLTests", dependencies: ["CardPrepXML"]),
        .testTarget(name: "CardPrepPKCS11Tests", dependencies: ["CardPrepPKCS11"]),
        .testTarget(name: "CardPrepArchiveTests", dependencies: ["CardPrepArchive", "CardPrepIO"]),
        .target(name: "OpenPGPTestSupport", path: "Tests/OpenPGPTestSupport"),
        .testTarget(name: "CardPrepOpenPGPTests", dependencies: ["CardPrepOpenPGP", "CardPrepIO", "OpenPGPTestSupport"]),
        .testTarget(
            name: "CardPrepLedgerTests",
            dependencies: ["CardPrepLedger", "LedgerStoreTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "LedgerStoreTestSupport",
            dependencies: ["CardPrepLedger", "CardPrepPostgres", .product(name: "Logging", package: "swift-log")],
            path: "Tests/LedgerStoreTestSupport"),
        .testTarget(
            name: "CardPrepPostgresTests",
            dependencies: ["CardPrepPostgres", "CardPrepLedger", "LedgerStoreTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "CardPrepStagesTests",
            dependencies: [
                "CardPrepStages", "CardPrepCommands", "CardPrepCrypto", "CardPrepIO", "CardPrepLedger", "CardPrepXML",
                "OpenPGPTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CardPrepCore", "CardPrepCrypto", "CardPrepIO", "CardPrepLedger", "LedgerStoreTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
