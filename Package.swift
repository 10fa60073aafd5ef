// swift-tools-version:6.0
import PackageDescription

// Layers point down only; docs/architecture.md says what each module owns and may import.
let package = Package(
    name: "swiftdbt",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "swiftdbt", targets: ["swiftdbt"]),
        .executable(name: "swiftdbt-fake-aws", targets: ["swiftdbt-fake-aws"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // Source files, ranges, diagnostics and their rendering, edit-distance hints, I/O seams, JSON, SHA-256/MD5 (Crypto).
        .target(name: "SDBasics", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The << >> template language: lexer, parser, renderer over a context protocol.
        .target(name: "SDTemplate", dependencies: ["SDBasics"]),
        // project.yml, profiles.yml and property YAML, read with positions kept.
        .target(name: "SDProject", dependencies: ["SDBasics", .product(name: "Yams", package: "Yams")]),
        // `swiftdbt import-dbt`: a dbt project's Jinja, YAML and dbt_project.yml converted into a swiftdbt project.
        .target(name: "SDImport", dependencies: ["SDBasics", "SDTemplate", "SDProject"]),
        // The DAG, cycles and the selector language (parsed, then evaluated).
        .target(name: "SDGraph", dependencies: ["SDBasics"]),
        // Project + target -> rendered nodes, relation names and the manifest.
        .target(name: "SDCompiler", dependencies: ["SDBasics", "SDTemplate", "SDProject", "SDGraph"]),
        // The Engine protocol, materialization plans, the scheduler and run artifacts.
        .target(name: "SDEngine", dependencies: ["SDBasics", "SDTemplate", "SDProject", "SDGraph", "SDCompiler"]),
        // fork + prctl(PR_SET_PDEATHSIG) + exec, which posix_spawn cannot do: the duckdb child dies with swiftdbt.
        .target(name: "CSDProcess"),
        // The local target: the duckdb CLI driven as one long-lived subprocess.
        .target(name: "SDDuckDB", dependencies: ["SDBasics", "SDProject", "SDCompiler", "SDEngine", "CSDProcess"]),
        // The one HTTP client layer: request/response, the URLSession transport, backoff with jitter, URL and header redaction.
        .target(name: "SDHTTP"),
        // SigV4, the credentials chain and AWS's retry rules over SDHTTP. Knows nothing of SQL.
        .target(name: "SDAWS", dependencies: ["SDBasics", "SDHTTP", .product(name: "Crypto", package: "swift-crypto")]),
        // streaming/ declarations -> ksqlDB statements and Kafka Connect configs; plan and apply over REST (SDHTTP).
        .target(name: "SDStreaming", dependencies: ["SDBasics", "SDHTTP", "SDProject", "SDGraph", "SDCompiler"]),
        // `swiftdbt deps`: packages.yml resolved (lock file, the hub's JSON API over SDHTTP) and installed with the system git.
        .target(name: "SDPackages", dependencies: ["SDBasics", "SDHTTP", "SDProject", "SDImport"]),
        // Fake ksqlDB and Kafka Connect servers (FlyingFox) that follow the documented REST shapes, for tests.
        .target(name: "SDFakeStreaming", dependencies: ["SDBasics", .product(name: "FlyingFox", package: "FlyingFox")]),
        // The Athena target: Athena/Glue/S3 request shapes, the query poller, AthenaEngine.
        .target(name: "SDAthena", dependencies: ["SDBasics", "SDProject", "SDCompiler", "SDEngine", "SDAWS"]),
        // An in-memory Athena + Glue + S3 on FlyingFox, with injected latency and faults, for tests and demos.
        .target(
            name: "SDFakeAWS",
            dependencies: [
                "SDBasics", .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
            ]),
        .executableTarget(name: "swiftdbt-fake-aws", dependencies: ["SDFakeAWS"]),
        // The documentation site: site data, lineage layout, catalog v1, static assets, a local server (FlyingFox).
        // Site/ holds the site's JavaScript and CSS; scripts/gen_docs_assets.py embeds them in DocsAssets+Generated.swift.
        .target(
            name: "SDDocs",
            dependencies: [
                "SDBasics", "SDProject", "SDGraph", "SDCompiler", "SDEngine", .product(name: "FlyingFox", package: "FlyingFox"),
            ], exclude: ["Site"]),
        // Fuzz entry points for the hand-written inputs (templates, YAML, selectors, seed CSV) and their corpora.
        .target(
            name: "SDFuzz",
            dependencies: [
                "SDBasics", "SDTemplate", "SDProject", "SDGraph", "SDCompiler", "SDEngine", "SDStreaming", "SDDuckDB", "SDAthena",
            ]),
        // The command-line driver: wires modules, prints diagnostics and progress.
        .executableTarget(
            name: "swiftdbt",
            dependencies: [
                "SDBasics", "SDProject", "SDGraph", "SDCompiler", "SDEngine", "SDDuckDB", "SDHTTP", "SDStreaming", "SDAthena", "SDDocs",
                "SDPackages", "SDImport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Test-only helpers: the Golden file check, the in-memory FileSystem, SplitMix64, the recording Engine.
        // Only test targets may depend on it (it imports Testing).
        .target(name: "SDTestSupport", dependencies: ["SDBasics", "SDProject", "SDCompiler", "SDEngine"]),

        .testTarget(name: "SDBasicsTests", dependencies: ["SDBasics"]),
        .testTarget(name: "SDHTTPTests", dependencies: ["SDHTTP", .product(name: "FlyingFox", package: "FlyingFox")]),
        .testTarget(name: "SDTemplateTests", dependencies: ["SDBasics", "SDTemplate"]),
        .testTarget(name: "SDProjectTests", dependencies: ["SDBasics", "SDProject", "SDDuckDB", "SDAthena", "SDTestSupport"]),
        .testTarget(
            name: "SDPackagesTests",
            dependencies: ["SDBasics", "SDHTTP", "SDProject", "SDPackages", .product(name: "FlyingFox", package: "FlyingFox")]),
        .testTarget(name: "SDImportTests", dependencies: ["SDBasics", "SDTemplate", "SDImport", "SDTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "SDGraphTests", dependencies: ["SDBasics", "SDGraph", "SDTestSupport"]),
        .testTarget(
            name: "SDCompilerTests",
            dependencies: ["SDBasics", "SDTemplate", "SDProject", "SDGraph", "SDCompiler", "SDEngine", "SDStreaming", "SDDuckDB", "SDAthena", "SDTestSupport"],
            exclude: ["Projects", "Golden", "README.md"]),
        .testTarget(
            name: "SDDuckDBTests",
            dependencies: [
                "SDBasics", "SDTemplate", "SDProject", "SDCompiler", "SDEngine", "SDDuckDB", "SDTestSupport",
            ]),
        .testTarget(name: "SDEngineTests", dependencies: ["SDEngine", "SDCompiler", "SDProject", "SDGraph", "SDBasics", "SDTestSupport"]),
        .testTarget(
            name: "SDAWSTests",
            dependencies: [
                "SDBasics", "SDAWS", "SDTestSupport", .product(name: "FlyingFox", package: "FlyingFox"),
            ]),
        .testTarget(
            name: "SDStreamingTests",
            dependencies: [
                "SDBasics", "SDHTTP", "SDGraph", "SDProject", "SDCompiler", "SDStreaming", "SDFakeStreaming", "SDDuckDB",
                "SDAthena", "SDTestSupport",
            ],
            exclude: ["Golden"]),
        .testTarget(
            name: "SDAthenaTests",
            dependencies: [
                "SDBasics", "SDProject", "SDCompiler", "SDEngine", "SDAWS", "SDAthena", "SDFakeAWS", "SDTestSupport",
            ]),
        .testTarget(
            name: "SDDocsTests",
            dependencies: [
                "SDBasics", "SDGraph", "SDProject", "SDCompiler", "SDEngine", "SDDocs", "SDDuckDB", "SDAthena", "SDStreaming", "SDTestSupport",
            ]),
        .testTarget(name: "SwiftDBTCLITests", dependencies: ["SDTestSupport"]),
        .testTarget(name: "SDFuzzTests", dependencies: ["SDFuzz", "SDBasics"]),
        .testTarget(name: "SDTestSupportTests", dependencies: ["SDBasics", "SDGraph", "SDProject", "SDCompiler", "SDEngine", "SDTestSupport"]),
    ]
)

// The libFuzzer executable exists only for `make fuzz` (scripts/fuzz.sh), which sets SWIFTDBT_FUZZ=1 and builds
// with -sanitize=fuzzer in .build-fuzz: without libFuzzer's runtime it cannot link, so the normal build never sees it.
if Context.environment["SWIFTDBT_FUZZ"] == "1" {
    package.targets += [
        .target(name: "SDFuzzDriver"),
        .executableTarget(name: "swiftdbt-fuzz", dependencies: ["SDFuzz", "SDFuzzDriver"]),
    ]
}
