import Foundation
import SDBasics
import SDDocs
import SDTestSupport
import Testing

/// The site's script in headless Chromium (Debian's package; installed by
/// scripts/install-chromium.sh when missing): the selector grammar, what clicking, searching and
/// filtering do, and speed on 10,000 nodes (layout, a selector and a search must each take a
/// fraction of a second, so typing in the search box or the graph filter never freezes the page).
@Suite("docs site in a browser", .serialized)
struct DocsBrowserTests {
    static let packageRoot = Repository.root

    static func chromium() throws -> String {
        func find() -> String? {
            ["/usr/bin/chromium", "/usr/local/bin/chromium"].first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        if let path = find() { return path }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [packageRoot + "/scripts/install-chromium.sh"]
        try p.run()
        p.waitUntilExit()
        guard let path = find() else { throw InstallFailed() }
        return path
    }
    struct InstallFailed: Error {}

    /// 10,000 nodes in layers of about 400, each reading two nodes from the layers before it.
    static func bigDocument() -> JSONValue {
        var parents: [[Int]] = []
        var children = Array(repeating: [Int](), count: 10_000)
        var rng = SystemRandomNumberGenerator()
        for i in 0..<10_000 {
            let ps = i < 200 ? [] : Array(Set((0..<2).map { _ in Int.random(in: max(0, i - 400)..<i, using: &rng) })).sorted()
            parents.append(ps)
            for p in ps { children[p].append(i) }
        }
        let nodes: [JSONValue] = (0..<10_000).map { i in
            let type = i < 200 ? "source" : i < 9_800 ? "model" : "exposure"
            let name = "n\(i)"
            return .object([
                "id": .string("\(type).big.\(name)"), "name": .string(name), "type": .string(type), "pkg": "big",
                "file": .string("models/f\(i % 50)/\(name).sql"), "path": .string("\(name).sql"),
                "fqn": .array(["big", .string("f\(i % 50)"), .string(name)]), "tags": .array([.string("t\(i % 7)")]),
                "desc": .string("node \(i)"), "columns": [],
                "parents": .array(parents[i].map { .int($0) }), "children": .array(children[i].map { .int($0) }),
            ])
        }
        return .object([
            "project": "big", "target": ["name": "local", "type": "duckdb"], "lanes": ["source", "model", "exposure"],
            "nodes": .array(nodes),
        ])
    }

    /// Writes the site for `data` with `probe` (a script run on load) added, opens it at `hash`, and
    /// returns the DOM after it ran; with `screenshot`, also saves a 1400-pixel-wide PNG of the page
    /// under target/docs-browser/ (the test output folder) by that name.
    static func dom(data: JSONValue, probe: String, hash: String = "", screenshot: String? = nil, height: Int = 900) throws -> String {
        let browser = try chromium()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sddocs-page-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = LocalFileSystem()
        for (path, text) in DocsAssets.files(data: data, title: "t") { try fs.writeFile(root + "/" + path, text) }
        let page = try fs.readFile(root + "/index.html")
            .replacingOccurrences(of: "</body>", with: "<script>window.addEventListener('load', function () {\n\(probe)\n});</script>\n</body>")
        try fs.writeFile(root + "/index.html", page)
        if let screenshot {
            let folder = packageRoot + "/target/docs-browser"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let png = folder + "/" + screenshot + ".png"
            try? FileManager.default.removeItem(atPath: png)
            let shot = Process()
            shot.executableURL = URL(fileURLWithPath: browser)
            shot.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=\(root)/profile",
                "--window-size=1400,\(height)", "--virtual-time-budget=5000", "--screenshot=\(png)", "file://\(root)/index.html\(hash)",
            ]
            shot.standardOutput = FileHandle.nullDevice
            shot.standardError = FileHandle.nullDevice
            try shot.run()
            shot.waitUntilExit()
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: browser)
        p.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(root)/profile",
            "--window-size=1400,\(height)", "--virtual-time-budget=8000", "--dump-dom", "file://\(root)/index.html\(hash)",
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The page's selector follows dbt's grammar (docs.getdbt.com, "Graph operators" and "Set
    /// operators"): space is a union, comma an intersection, `+`/`n+` walk parents or children, `@`
    /// adds the ancestors of all descendants.
    @Test func selectorsFollowDbtsGrammar() throws {
        let compiled = try MiniProject.compile()
        let data = DocsSiteData(compiled: compiled).document()
        let cases = [
            "+gold": "bronze,gold,groups,ticks", "gold+": "board,gold", "1+gold": "bronze,gold,groups",
            "tag:nothing": "", "source:lake": "ticks", "source:lake.ticks+1": "board,bronze,ticks",
            "resource_type:seed resource_type:exposure": "board,groups", "+gold,resource_type:model": "bronze,gold",
            "@bronze,resource_type:seed": "groups", "path:models/raw": "bronze,ticks", "gol*": "gold",
        ]
        let probe = """
            var api = window.swiftdbtDocs, N = window.SWIFTDBT_DOCS.nodes, out = {};
            \(cases.keys.sorted().map { "out[\"\($0)\"] = Array.from(api.select(\"\($0)\")).map(function (i) { return N[i].name; }).filter(function (n) { return !/^(unique|not_null)_/.test(n); }).sort().join(',');" }.joined(separator: "\n"))
            try { api.select('colour:red'); } catch (e) { out.error = e.message; }
            document.body.setAttribute('data-probe', JSON.stringify(out));
            """
        let dom = try Self.dom(data: data, probe: probe)
        let start = try #require(dom.range(of: "data-probe=\""))
        let raw = String(dom[start.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: String])
        for (selector, expected) in cases {
            #expect(results[selector] == expected, "\(selector)")
        }
        // As the CLI: 'colour' is too far from every method for a did-you-mean (EditDistance.closest).
        #expect(results["error"] == "unknown selector method 'colour'")
    }

    /// What a person does on the overview page: click a node (it and its chain light up, a card
    /// links to it), search, filter the graph with a selector (a typo gets a did-you-mean), and
    /// double-click a node to open its page.
    @Test func clickingSearchingAndFilteringWork() throws {
        let compiled = try MiniProject.compile()
        let probe = """
            var out = {}, all = function (q) { return Array.prototype.map.call(document.querySelectorAll(q), function (e) { return e; }); };
            function at(id) { var r = document.querySelector('.node[data-id="' + id + '"]').getBoundingClientRect(); return { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true }; }
            var svg = document.querySelector('svg.lineage');
            svg.dispatchEvent(new MouseEvent('click', at('model.mini.bronze')));
            out.selected = all('.node.sel').map(function (e) { return e.getAttribute('data-id'); });
            out.up = all('.node.up').map(function (e) { return e.getAttribute('data-id'); }).sort();
            out.down = all('.node.down').map(function (e) { return e.getAttribute('data-id'); }).sort();
            out.dim = all('.node.dim').map(function (e) { return e.getAttribute('data-id'); }).sort();
            out.card = document.querySelector('.graph-card a.open').getAttribute('href');
            var search = document.getElementById('search');
            search.value = 'gol'; search.dispatchEvent(new Event('input'));
            var selector = document.querySelector('.selector');
            selector.value = 'gold+'; selector.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
            out.filtered = all('.node').map(function (e) { return e.getAttribute('data-id'); }).sort();
            selector.value = 'bronz'; selector.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
            out.miss = document.querySelector('.count').textContent;
            setTimeout(function () {
              out.search = all('#sidebar li a').map(function (a) { return a.textContent.trim(); });
              selector.value = ''; selector.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
              document.querySelector('svg.lineage').dispatchEvent(new MouseEvent('dblclick', at('model.mini.gold')));
              setTimeout(function () {
                out.page = document.querySelector('#main h1').textContent;
                out.hash = location.hash;
                document.body.setAttribute('data-probe', JSON.stringify(out));
              }, 200);
            }, 300);
            """
        let dom = try Self.dom(data: DocsSiteData(compiled: compiled).document(), probe: probe)
        let start = try #require(dom.range(of: "data-probe=\""))
        let raw = String(dom[start.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
        #expect(out["selected"] as? [String] == ["model.mini.bronze"])
        #expect(out["up"] as? [String] == ["source.mini.lake.ticks"])
        #expect(out["down"] as? [String] == ["exposure.mini.board", "model.mini.gold"])
        #expect(out["dim"] as? [String] == ["seed.mini.groups"])
        #expect(out["card"] as? String == "#!/node/model.mini.bronze")
        // Names starting with the text first, then names containing it.
        #expect(out["search"] as? [String] == ["model gold", "test not_null_gold_id", "test unique_gold_id"])
        #expect(out["filtered"] as? [String] == ["exposure.mini.board", "model.mini.gold"])
        #expect(out["miss"] as? String == "no node matches; did you mean 'bronze'?")
        #expect(out["page"] as? String == "gold")
        #expect(out["hash"] as? String == "#!/node/model.mini.gold")
    }

    @Test func tenThousandNodesDrawAndFilterQuickly() throws {
        // Times the script's own functions after the page is up, into attributes --dump-dom shows.
        let probe = """
            // The first view is legible, so only part of 10,000 nodes is in it; `fit` shows them all, far out.
            document.querySelector('.graph-zoom [data-z="fit"]').click();
            var api = window.swiftdbtDocs, b = document.body, t = performance.now();
            var all = []; for (var i = 0; i < 10000; i++) all.push(i);
            api.layout(all); b.setAttribute('data-layout-ms', String(performance.now() - t));
            t = performance.now(); var s = api.select('+n5000+ tag:t3,resource_type:model');
            b.setAttribute('data-select-ms', String(performance.now() - t)); b.setAttribute('data-selected', String(s.size));
            t = performance.now(); api.searchNodes('n99', 100); b.setAttribute('data-search-ms', String(performance.now() - t));
            """
        let dom = try Self.dom(data: Self.bigDocument(), probe: probe)
        func number(_ attribute: String) -> Double? {
            guard let r = dom.range(of: attribute + "=\"") else { return nil }
            return Double(dom[r.upperBound...].prefix { $0 != "\"" })
        }
        #expect(dom.contains("data-ready=\"true\""))
        #expect(dom.contains("data-mode=\"overview\""), "10,000 nodes far out are drawn as a few bulk paths")
        #expect(dom.contains("data-nodes=\"10000\""))
        let layout = try #require(number("data-layout-ms"))
        let select = try #require(number("data-select-ms"))
        let search = try #require(number("data-search-ms"))
        #expect(layout < 1000, "layout of 10,000 nodes took \(layout) ms")
        #expect(select < 500, "a selector over 10,000 nodes took \(select) ms")
        #expect(search < 100, "a search over 10,000 nodes took \(search) ms")
        #expect((number("data-selected") ?? 0) > 1)
    }
}
