import Foundation
import Testing

/// `swiftdbt docs generate` on RTSA after a local build, opened in headless Chromium (Debian's
/// package; scripts/install-chromium.sh installs it when missing). The page of gold_grouped_returns
/// must draw its whole upstream chain, as the manifest's parent_map has it, highlighted as upstream,
/// and its chart must have one line per group in the built table. Screenshots go to target/docs-e2e/.
@Suite(.serialized) struct DocsSiteEndToEndTests {
    static let model = "model.rtsa.gold_grouped_returns"

    static func chromium() async throws -> String {
        func find() -> String? {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") + ["/usr/bin"] {
                let path = "\(dir)/chromium"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
            return nil
        }
        if let path = find() { return path }
        let install = try await CLI.run("/bin/bash", ["scripts/install-chromium.sh"], cwd: CLI.packageRoot)
        guard install.status == 0, let path = find() else {
            throw CLI.QueryFailed(message: "chromium is missing and scripts/install-chromium.sh failed:\n\(install.stdout)\n\(install.stderr)")
        }
        return path
    }

    /// Runs headless Chromium on a URL: `--dump-dom` prints the DOM after the page's scripts ran.
    static func browse(_ url: String, _ extra: [String], profile: String) async throws -> CLI.Result {
        try await CLI.run(
            try await chromium(),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=\(profile)", "--virtual-time-budget=5000",
            ] + extra + [url], cwd: "/")
    }

    /// Every node the model reads, directly or not, by the manifest's parent_map.
    func upstream(of id: String, manifest: [String: Any]) -> Set<String> {
        let parents = manifest["parent_map"] as? [String: [String]] ?? [:]
        var seen = Set<String>()
        var stack = parents[id] ?? []
        while let p = stack.popLast() {
            if seen.insert(p).inserted { stack.append(contentsOf: parents[p] ?? []) }
        }
        return seen
    }

    /// `<g class="node t-model up" data-id="…">` → id: classes, for the lineage graph's node elements.
    func graphNodes(_ dom: String) throws -> [String: Set<String>] {
        let re = try NSRegularExpression(pattern: #"<g class="node ([^"]*)" data-id="([^"]*)""#)
        var out: [String: Set<String>] = [:]
        for m in re.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)) {
            guard let c = Range(m.range(at: 1), in: dom), let i = Range(m.range(at: 2), in: dom) else { continue }
            out[String(dom[i])] = Set(dom[c].split(separator: " ").map(String.init))
        }
        return out
    }

    @Test func goldGroupedReturnsPageShowsItsUpstreamAndOneLinePerGroup() async throws {
        let p = try RTSACopy.project()
        let lake = p.root + "/fixture-lake"
        try await RTSACopy.writeLake(p, name: "fixture-lake", ticks: nil)
        let vars = "{lake_root: '\(lake)'}"
        let build = try await CLI.swiftdbt(["build", "--vars", vars], in: p)
        try #require(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        let docs = try await CLI.swiftdbt(["docs", "generate", "--vars", vars], in: p)
        try #require(docs.status == 0, "\(docs.stdout)\n\(docs.stderr)")
        #expect(docs.stdout.contains("Site written to target/docs/index.html"))
        // The catalog and the chart were read from the target without complaint.
        #expect(!docs.stderr.contains("catalog") && !docs.stderr.contains("chart"), "\(docs.stderr)")

        // Byte-stable: generating again over the same database writes the same files.
        let firstCatalog = try p.read("target/catalog.json")
        let firstData = try p.read("target/docs/assets/site-data.js")
        let again = try await CLI.swiftdbt(["docs", "generate", "--vars", vars], in: p)
        try #require(again.status == 0, "\(again.stderr)")
        #expect(try p.read("target/catalog.json") == firstCatalog)
        #expect(try p.read("target/docs/assets/site-data.js") == firstData)

        // catalog.json: the built relations with the target's types.
        let catalog = try JSONSerialization.jsonObject(with: Data(p.read("target/catalog.json").utf8)) as? [String: Any] ?? [:]
        let nodes = catalog["nodes"] as? [String: Any] ?? [:]
        let entry = nodes[Self.model] as? [String: Any] ?? [:]
        let columns = entry["columns"] as? [String: [String: Any]] ?? [:]
        #expect(columns["trade_date"]?["type"] as? String == "DATE")
        #expect((catalog["sources"] as? [String: Any] ?? [:]).keys.contains("source.rtsa.lake.ticks_enriched_v2"))

        let manifest = try JSONSerialization.jsonObject(with: Data(p.read("target/manifest.json").utf8)) as? [String: Any] ?? [:]
        // Every model and seed that exists in the database (all but the ephemeral ones) is catalogued.
        let built = (manifest["nodes"] as? [String: [String: Any]] ?? [:]).filter { id, node in
            (id.hasPrefix("model.") || id.hasPrefix("seed.")) && (node["config"] as? [String: Any])?["materialized"] as? String != "ephemeral"
        }
        #expect(built.count >= 7)
        #expect(Set(nodes.keys) == Set(built.keys))
        let chain = upstream(of: Self.model, manifest: manifest)
        #expect(chain.contains("source.rtsa.lake.ticks_enriched_v2"))
        #expect(chain.contains("seed.rtsa.symbol_groups"))

        let url = "file://\(p.root)/target/docs/index.html#!/node/\(Self.model)"
        let page = try await Self.browse(url, ["--dump-dom"], profile: p.root + "/chromium")
        try #require(page.status == 0, "\(page.stderr)")
        let dom = page.stdout
        #expect(dom.contains("data-ready=\"true\""), "the page's script did not finish")
        let drawn = try graphNodes(dom)
        #expect(drawn[Self.model]?.contains("sel") == true)
        for id in chain.sorted() {
            #expect(drawn[id]?.contains("up") == true, "\(id) is upstream of gold_grouped_returns but not drawn as such")
        }
        #expect(drawn["exposure.rtsa.technology_vs_defense_dashboard"]?.contains("down") == true)

        let groups = try await CLI.query(
            p.root + "/target/rtsa.duckdb", "select distinct group_name from rtsa_bronze_rtsa_gold.gold_grouped_returns where return_7d is not null order by 1"
        )
        .dropFirst()
        let seriesRe = try NSRegularExpression(pattern: #"<path class="series" data-series="([^"]*)""#)
        let lines = seriesRe.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).compactMap { m in
            Range(m.range(at: 1), in: dom).map { String(dom[$0]) }
        }
        #expect(!groups.isEmpty)
        #expect(lines.sorted() == groups.sorted(), "the chart should draw one line per group")
        // The chart's switch offers the three return windows of var('return_windows').
        let buttons = try NSRegularExpression(pattern: #"<button type="button" data-y="\d" aria-pressed="[a-z]+">([^<]*)</button>"#)
        let windows = buttons.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).compactMap { m in
            Range(m.range(at: 1), in: dom).map { String(dom[$0]) }
        }
        #expect(windows == ["return_7d", "return_30d", "return_90d"])

        let shots = CLI.packageRoot + "/target/docs-e2e"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let png = shots + "/gold_grouped_returns.png"
        try? FileManager.default.removeItem(atPath: png)
        let shot = try await Self.browse(url, ["--window-size=1400,1500", "--screenshot=\(png)"], profile: p.root + "/chromium")
        #expect(shot.status == 0, "\(shot.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(bytes.count > 20_000)
    }

    /// `docs serve` answers on 127.0.0.1 with the generated page.
    @Test func serveAnswersOnLoopback() async throws {
        let p = try RTSACopy.project()
        let docs = try await CLI.swiftdbt(["docs", "generate", "--empty-catalog"], in: p)
        try #require(docs.status == 0, "\(docs.stderr)")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLI.binary)
        server.arguments = ["docs", "serve", "--port", "0"]
        server.currentDirectoryURL = URL(fileURLWithPath: p.root)
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        let port = try #require(
            text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression).map { text[$0].split(separator: ":").last.map(String.init) ?? "" })
        let fetch = try await CLI.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                """
                import urllib.request
                print(urllib.request.urlopen("http://127.0.0.1:\(port)/", timeout=10).read().decode())
                """,
            ], cwd: "/")
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(fetch.stdout.contains("<script src=\"assets/site-data.js\"></script>"))
    }
}
