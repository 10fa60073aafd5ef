import Foundation
import SDAthena
import SDBasics
import SDCompiler
import SDDocs
import SDDuckDB
import SDEngine
import SDGraph
import SDProject
import SDStreaming
import SDTestSupport
import Testing

/// Issue 15, item 6, in headless Chromium at 1400 × 900: RTSA's lineage is legible at first sight,
/// descriptions are Markdown with raw HTML neutralised, the lake is listed once and the exposure
/// under its label, the selector box accepts and selects what the CLI does, and the returns chart
/// switches between 7, 30 and 90 days. Screenshots go to target/docs-browser/.
@Suite("docs site readability", .serialized)
struct DocsSiteReadabilityTests {
    /// The repository's RTSA project (models, seeds, streaming, tests, macros), compiled through the
    /// real pipeline from a temporary copy with profiles.example.yml as its profiles.yml.
    static func rtsa() throws -> CompiledProject {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("sddocs-rtsa-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: root) }
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        for item in ["project.yml", "models", "seeds", "streaming", "tests", "macros"] {
            try fm.copyItem(atPath: Repository.root + "/" + item, toPath: root + "/" + item)
        }
        try fm.copyItem(atPath: Repository.root + "/profiles.example.yml", toPath: root + "/profiles.yml")
        let pipeline = ProjectPipeline(
            root: root, environment: [:], fileSystem: LocalFileSystem(),
            adapters: TargetAdapterRegistry([DuckDBAdapter(), AthenaAdapter()]))
        var bag = DiagnosticBag()
        // streaming/'s topics, streams and the S3 sink join the DAG as the CLI joins them (StreamingCommand.swift).
        let result = pipeline.compile(
            runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "test",
            extraNodes: { loaded, options, bag in
                guard let streaming = StreamingProject.load(loaded.project, cliVars: loaded.cliVars, environment: [:], diagnostics: &bag)
                else { return }
                let lineage = StreamingLineage(streaming, packageName: loaded.project.name)
                options.extraNodes = lineage.nodes
                options.extraParents = lineage.parents
                options.sourceLakes = streaming.sourceLakes(packageName: loaded.project.name, localRoot: "lake")
            }, diagnostics: &bag)
        guard let (compiled, _) = result, !bag.hasErrors else {
            throw MiniProject.CompileError(text: DiagnosticRenderer().render(bag.diagnostics))
        }
        return compiled
    }

    /// The JSON a probe left in `data-probe`.
    static func probed(_ dom: String) throws -> [String: Any] {
        let start = try #require(dom.range(of: "data-probe=\""))
        let raw = String(dom[start.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        return try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
    }

    /// On the overview at 1400 px: every drawn label at 11 px or more on screen, whole (the box's
    /// text is the node's full name and ends inside its box), no two boxes overlapping (checked on the
    /// laid-out coordinates of all 15 nodes, and on screen for those drawn), and an arrowhead on
    /// every edge.
    @Test func rtsaLineageIsLegibleAt1400Pixels() throws {
        let data = DocsSiteData(compiled: try Self.rtsa()).document()
        let probe = """
            var out = { labels: [], small: [], cut: [], overlaps: [], layoutOverlaps: [] };
            var nodes = Array.prototype.slice.call(document.querySelectorAll('svg.lineage .node'));
            var boxes = nodes.map(function (g) {
              var t = g.querySelector('text'), r = g.querySelector('rect').getBoundingClientRect(), tr = t.getBoundingClientRect();
              var px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
              out.labels.push(t.textContent);
              if (px < 11) out.small.push(t.textContent + ' ' + px.toFixed(1) + 'px');
              if (tr.right > r.right + 0.5 || tr.left < r.left - 0.5) out.cut.push(t.textContent);
              return { id: g.getAttribute('data-id'), r: r };
            });
            for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
              var a = boxes[i].r, b = boxes[j].r;
              if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.overlaps.push(boxes[i].id + ' ' + boxes[j].id);
            }
            var N = window.SWIFTDBT_DOCS.nodes, ids = [];
            N.forEach(function (n, i) { if (n.type !== 'test') ids.push(i); });
            try {
              var L = window.swiftdbtDocs.layout(ids);
              for (i = 0; i < ids.length; i++) for (j = i + 1; j < ids.length; j++) {
                var apart = Math.abs(L.x[i] - L.x[j]) >= (L.w[i] + L.w[j]) / 2 || Math.abs(L.y[i] - L.y[j]) >= 30;
                if (!apart) out.layoutOverlaps.push(N[ids[i]].name + ' ' + N[ids[j]].name);
              }
              out.laidOut = ids.length;
              out.crossings = L.crossings;
            } catch (e) { out.layoutError = String(e); }
            var edges = Array.prototype.slice.call(document.querySelectorAll('svg.lineage .edge'));
            out.edges = edges.length;
            out.arrowed = edges.filter(function (e) {
              var m = /url\\(#([^)]+)\\)/.exec(e.getAttribute('marker-end') || '');
              return m && document.getElementById(m[1]) && document.getElementById(m[1]).querySelector('path');
            }).length;
            out.names = N.filter(function (n) { return n.type !== 'test'; }).map(function (n) { return n.name; });
            document.body.setAttribute('data-probe', JSON.stringify(out));
            """
        let out = try Self.probed(try DocsBrowserTests.dom(data: data, probe: probe, screenshot: "rtsa-overview-1400"))
        let labels = out["labels"] as? [String] ?? []
        #expect(labels.count >= 5, "the first view draws too few nodes: \(labels)")
        #expect(out["small"] as? [String] == [], "labels under 11 px")
        #expect(out["cut"] as? [String] == [], "labels running out of their box")
        #expect(out["overlaps"] as? [String] == [])
        #expect(out["laidOut"] as? Int == 15)
        #expect(out["layoutOverlaps"] as? [String] == [])
        #expect(out["crossings"] as? Int == 0, "RTSA's lineage can be drawn without crossings")
        #expect((out["edges"] as? Int ?? 0) > 0)
        #expect(out["arrowed"] as? Int == out["edges"] as? Int, "every edge ends in an arrowhead")
        // Full names: a drawn label is a node's whole name (or its display form), never cut with '…'.
        #expect(labels.contains("gold_latest_price_v2_grouped") || labels.contains("TICKS_ENRICHED_V2"))
        #expect(!labels.contains { $0.contains("…") })
    }

    /// The page of gold_grouped_returns: its lineage legible and centred on it, screenshot saved.
    @Test func rtsaModelPageLineageIsLegible() throws {
        let data = DocsSiteData(compiled: try Self.rtsa()).document()
        let probe = """
            var out = { small: [] };
            Array.prototype.forEach.call(document.querySelectorAll('svg.lineage .node text'), function (t) {
              var px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
              if (px < 11) out.small.push(t.textContent);
            });
            var sel = document.querySelector('svg.lineage .node.sel'), svg = document.querySelector('svg.lineage').getBoundingClientRect();
            var r = sel.getBoundingClientRect();
            out.selectedInView = r.left >= svg.left && r.right <= svg.right && r.top >= svg.top && r.bottom <= svg.bottom;
            document.body.setAttribute('data-probe', JSON.stringify(out));
            """
        let out = try Self.probed(
            try DocsBrowserTests.dom(
                data: data, probe: probe, hash: "#!/node/model.rtsa.gold_grouped_returns", screenshot: "rtsa-gold_grouped_returns-1400"))
        #expect(out["small"] as? [String] == [])
        #expect(out["selectedInView"] as? Bool == true)
    }

    /// Descriptions are Markdown (bold, lists, code, links), and what is not Markdown stays text: a
    /// raw `<script>` or `<img onerror>` is shown escaped and never runs, a `javascript:` link (even
    /// entity-encoded) loses its target.
    @Test func markdownIsRenderedAndRawHTMLNeutralised() throws {
        let description = #"""
            Gold **per group**, see [the docs](https://example.com/docs) or [this](javascript:window.pwned=3) or [that](javascript&#58;window.pwned=4).

            - first `code`
            - second

            <script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2">
            """#
        let yml = """
            version: 2
            models:
              - name: gold
                description: '\(description.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\n", with: "\n\n      "))'
                columns:
                  - name: id
                    description: 'The *key*'

            """
        let compiled = try MiniProject.compile(extra: ["models/gold/_gold.yml": yml])
        #expect(compiled.nodes["model.mini.gold"]?.description.contains("<script>") == true)
        let probe = """
            setTimeout(function () {
              var d = document.querySelector('.desc'), out = {};
              out.strong = d.querySelector('strong') && d.querySelector('strong').textContent;
              out.items = d.querySelectorAll('li').length;
              out.code = d.querySelector('li code') && d.querySelector('li code').textContent;
              out.links = Array.prototype.map.call(d.querySelectorAll('a'), function (a) { return a.getAttribute('href'); });
              out.scripts = document.querySelectorAll('#main script, #main img').length;
              out.text = d.textContent;
              out.pwned = window.pwned || 0;
              out.column = document.querySelector('table.cols td.md em') ? document.querySelector('table.cols td.md em').textContent : '';
              document.body.setAttribute('data-probe', JSON.stringify(out));
            }, 300);
            """
        let out = try Self.probed(
            try DocsBrowserTests.dom(
                data: DocsSiteData(compiled: compiled).document(), probe: probe, hash: "#!/node/model.mini.gold", screenshot: "markdown-description"))
        #expect(out["strong"] as? String == "per group")
        #expect(out["items"] as? Int == 2)
        #expect(out["code"] as? String == "code")
        #expect(out["links"] as? [String] == ["https://example.com/docs"])
        #expect(out["scripts"] as? Int == 0)
        #expect(out["pwned"] as? Int == 0)
        #expect((out["text"] as? String ?? "").contains("<script>window.pwned = 1</script>"), "raw HTML is shown as text")
        #expect(out["column"] as? String == "key")
    }

    /// The sidebar lists the lake's table once (as `lake.ticks_enriched_v2`, apart from the Kafka
    /// topic of the same name), no two entries read the same, and the exposure appears under its
    /// label, also as its page's title and in the graph.
    @Test func sidebarListsTheLakeOnceAndTheExposureByLabel() throws {
        let data = DocsSiteData(compiled: try Self.rtsa()).document()
        let probe = """
            var out = {};
            out.entries = Array.prototype.map.call(document.querySelectorAll('#sidebar details[open] li a'), function (a) { return a.textContent; });
            location.hash = '#!/node/exposure.rtsa.technology_vs_defense_dashboard';
            setTimeout(function () {
              out.title = document.querySelector('#main h1').textContent;
              out.graph = Array.prototype.map.call(document.querySelectorAll('svg.lineage .node.sel text'), function (t) { return t.textContent; });
              document.body.setAttribute('data-probe', JSON.stringify(out));
            }, 300);
            """
        let out = try Self.probed(try DocsBrowserTests.dom(data: data, probe: probe, screenshot: "rtsa-sidebar"))
        let entries = out["entries"] as? [String] ?? []
        #expect(entries.filter { $0.hasPrefix("lake") } == ["lake.ticks_enriched_v2"])
        #expect(Set(entries).count == entries.count, "two sidebar entries read the same: \(entries)")
        #expect(entries.contains("Technology vs Defense"))
        #expect(!entries.contains("technology_vs_defense_dashboard"))
        #expect(out["title"] as? String == "Technology vs Defense")
        #expect(out["graph"] as? [String] == ["Technology vs Defense"])
    }

    /// The selector box and `swiftdbt ls --select` (SDGraph's NodeSelector) on the same selectors:
    /// the same ones refused, the same nodes selected. Exposures are drawn by the site but are not in
    /// the CLI's graph, so they are left out of the comparison.
    @Test(arguments: ["mini", "rtsa"])
    func selectorBoxMatchesTheCLI(project: String) throws {
        // The mini project gets a unit test, so the `unit_test:` method has something to select.
        let compiled = project == "mini" ? try MiniProject.compile(extra: ["models/gold/_unit.yml": Self.miniUnitTest]) : try Self.rtsa()
        let selectors = [
            "gold", "+gold", "gold+", "1+gold", "@bronze", "gol*", "*", "source:lake", "source:lake.ticks", "source:mini.lake.*",
            "source:lake.ticks_enriched_v2+1", "resource_type:seed resource_type:model", "+gold,resource_type:model",
            "path:models/raw", "path:models", "path:models/**/*.sql", "models/gold", "file:gold.sql", "file:bronze", "gold.sql",
            "fqn:mini.gold", "fqn:rtsa.gold.*", "rtsa.gold", "gold_*", "tag:gold", "tag:g*", "package:this", "package:mini",
            "config.materialized:table", "config.materialized:view,path:models", "test_type:generic", "test_type:singular",
            "test_name:not_null", "test_name:unique*", "exposure:board", "+exposure:board", "access:protected", "group:*", "2+gold_grouped_returns", "silver+1",
            "+bronze_ticks+", "@silver_daily_close", "streaming", "streaming.ticks_enriched_v2", "resource_type:topic+",
            "unit_test:joins_the_group_name", "unit_test:joins*", "unit_test:mini.*", "unit_test:other.*", "+unit_test:join*",
            "test_type:unit", "resource_type:unit_test", "unit_test:mini.gold.joins_the_group_name",
            // Refused by the CLI, so refused here too.
            "unique_id:model.mini.bronze", "colour:red", "resource_type:modle", "test_type:weird", "source:a.b.c.d",
            "a,,b", ",gold", "+", "@+gold", "gold@", "config:x", "tag:", "version:1", "fqn.x:gold", "access:secret",
        ]
        let graphIds = Set(compiled.graph.nodes.map(\.uniqueId))
        let selector = NodeSelector(graph: compiled.graph, rootPackage: compiled.project.name)
        var cli: [String: String] = [:]
        for s in selectors {
            let r = selector.select([s])
            cli[s] = r.diagnostics.contains { $0.severity == .error } ? "error" : r.uniqueIds.sorted().joined(separator: " ")
        }
        let list = String(decoding: try JSONSerialization.data(withJSONObject: selectors), as: UTF8.self)
        let probe = """
            var api = window.swiftdbtDocs, N = window.SWIFTDBT_DOCS.nodes, out = {};
            \(list).forEach(function (s) {
              try {
                out[s] = Array.from(api.select(s)).map(function (i) { return N[i].id; }).sort().join(' ');
              } catch (e) { out[s] = 'error'; }
            });
            document.body.setAttribute('data-probe', JSON.stringify(out));
            """
        let site = try Self.probed(try DocsBrowserTests.dom(data: DocsSiteData(compiled: compiled).document(), probe: probe))
        for s in selectors {
            let page = site[s] as? String
            let filtered = page == "error" ? page : page?.split(separator: " ").map(String.init).filter(graphIds.contains).joined(separator: " ")
            #expect(filtered == cli[s], "selector '\(s)': site \(page ?? "nil"), CLI \(cli[s] ?? "nil")")
        }
        #expect(cli["unique_id:model.mini.bronze"] == "error")
        if project == "mini" {
            #expect(cli["unit_test:joins*"] == "unit_test.mini.gold.joins_the_group_name")
            #expect(cli["unit_test:mini.gold.joins_the_group_name"] == "error")
        }
        #expect(cli.values.filter { $0 != "error" && !$0.isEmpty }.count >= 10, "the comparison selects something")
    }

    static let miniUnitTest = """
        unit_tests:
          - name: joins_the_group_name
            model: gold
            given:
              - input: ref('bronze')
                rows: [{id: 1}]
            expect:
              rows: [{id: 1, name: Tech}]

        """

    /// Each node page's lineage selector (shown in its box) is one the CLI accepts, and it selects the
    /// node itself there too: RTSA has a topic and a source both named ticks_enriched_v2.
    @Test func nodePageSelectorsAreOnesTheCLIAccepts() throws {
        let compiled = try Self.rtsa()
        let probe = """
            var api = window.swiftdbtDocs, out = {};
            window.SWIFTDBT_DOCS.nodes.forEach(function (n) { out[n.id] = api.nodeSelector(n); });
            document.body.setAttribute('data-probe', JSON.stringify(out));
            """
        let out = try Self.probed(try DocsBrowserTests.dom(data: DocsSiteData(compiled: compiled).document(), probe: probe))
        let selector = NodeSelector(graph: compiled.graph, rootPackage: compiled.project.name)
        var checked = 0
        for node in compiled.graph.nodes {
            let text = try #require(out[node.uniqueId] as? String)
            let r = selector.select([text])
            #expect(!r.diagnostics.contains { $0.severity == .error }, "\(node.uniqueId): '\(text)' is refused by the CLI")
            #expect(r.uniqueIds.contains(node.uniqueId), "\(node.uniqueId): '\(text)' does not select it")
            if node.resourceType != .test {
                // Without its graph operators the selector picks this node alone (its tests join it).
                let base = text.replacingOccurrences(of: #"^\d*\+|\+\d*$"#, with: "", options: .regularExpression)
                let own = selector.select([base]).uniqueIds.filter { !$0.hasPrefix("test.") }
                #expect(own == [node.uniqueId], "'\(base)' selects \(own)")
            }
            checked += 1
        }
        #expect(out["source.rtsa.lake.ticks_enriched_v2"] as? String == "+fqn:lake.ticks_enriched_v2+")
        #expect(out["topic.rtsa.ticks_enriched_v2"] as? String == "+fqn:streaming.ticks_enriched_v2+")
        #expect(checked > 40)
    }

    /// gold_grouped_returns' chart switches between return_7d, return_30d and return_90d like the
    /// seed's dashboard filter: one query reads all three, and each button draws its column.
    @Test func returnsChartSwitchesBetweenWindows() throws {
        let compiled = try Self.rtsa()
        let id = "model.rtsa.gold_grouped_returns"
        let node = try #require(compiled.nodes[id])
        let spec = try #require(ChartSpec.from(meta: node.meta))
        #expect(spec.ys == ["return_7d", "return_30d", "return_90d"])
        // Three days per group; 30- and 90-day returns are null where history is short.
        let result = QueryResult(
            columns: ["x", "y", "series", "y2", "y3"],
            rows: [
                ["2026-10-01", 0.01, "Defense", .null, .null], ["2026-10-02", 0.02, "Defense", 0.05, .null],
                ["2026-10-05", 0.03, "Defense", 0.06, 0.2],
                ["2026-10-01", -0.01, "Technology", .null, .null], ["2026-10-02", -0.02, "Technology", -0.04, .null],
                ["2026-10-05", 0.0, "Technology", -0.03, -0.1],
            ])
        let data = DocsSiteData(compiled: compiled, charts: [id: spec.json(series: spec.series(from: result))]).document()
        let probe = """
            function state() {
              return Array.prototype.map.call(document.querySelectorAll('.chart-host path.series'), function (p) {
                return p.getAttribute('data-series') + ' ' + p.getAttribute('data-y') + ' ' + (p.getAttribute('d').match(/[ML]/g) || []).length;
              }).join('; ') + ' | ' + document.querySelector('.chart-host text.label[transform]').textContent;
            }
            var out = { buttons: Array.prototype.map.call(document.querySelectorAll('.chart-switch button'), function (b) { return b.textContent; }) };
            out.first = state();
            document.querySelector('.chart-switch button[data-y="2"]').click();
            out.ninety = state();
            out.pressed = document.querySelector('.chart-switch button[aria-pressed="true"]').textContent;
            document.querySelector('.chart-switch button[data-y="1"]').click();
            out.thirty = state();
            document.body.setAttribute('data-probe', JSON.stringify(out));
            """
        let out = try Self.probed(
            try DocsBrowserTests.dom(data: data, probe: probe, hash: "#!/node/\(id)", screenshot: "rtsa-returns-chart", height: 1500))
        #expect(out["buttons"] as? [String] == ["return_7d", "return_30d", "return_90d"])
        #expect(out["first"] as? String == "Defense return_7d 3; Technology return_7d 3 | return_7d")
        #expect(out["ninety"] as? String == "Defense return_90d 1; Technology return_90d 1 | return_90d")
        #expect(out["pressed"] as? String == "return_90d")
        #expect(out["thirty"] as? String == "Defense return_30d 2; Technology return_30d 2 | return_30d")
    }
}
