// The site's style sheet.
extension DocsAssets {
    static let style = #"""
        :root { --bg: #f8fafc; --panel: #ffffff; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --accent: #2563eb; --up: #f59e0b; --down: #10b981; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
        header { position: sticky; top: 0; z-index: 5; display: flex; gap: 16px; align-items: center; padding: 10px 18px; background: #0f172a; color: #fff; }
        header a { color: #fff; font-weight: 600; }
        header .brand { font-weight: 700; letter-spacing: .02em; }
        header .brand small { color: #94a3b8; font-weight: 400; margin-left: 6px; }
        #search { flex: 0 1 420px; padding: 7px 10px; border-radius: 6px; border: 1px solid #334155; background: #1e293b; color: #fff; }
        #layout { display: grid; grid-template-columns: 280px 1fr; min-height: calc(100vh - 50px); }
        #sidebar { border-right: 1px solid var(--line); background: var(--panel); padding: 10px 12px; overflow: auto; max-height: calc(100vh - 50px); position: sticky; top: 50px; }
        #sidebar summary { cursor: pointer; padding: 4px 0; }
        .side-head { color: var(--muted); margin-bottom: 6px; }
        #main { padding: 18px 26px 60px; min-width: 0; }
        h1 { margin: 4px 0 6px; font-size: 24px; }
        h2 { font-size: 16px; margin: 22px 0 8px; }
        .small { font-size: 12px; font-weight: 400; margin-left: 8px; }
        .muted { color: var(--muted); }
        .list { list-style: none; margin: 0; padding: 0 0 0 4px; }
        .list li { padding: 1px 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 11px; color: #fff; background: var(--c); line-height: 18px; }
        .chips { display: flex; flex-wrap: wrap; gap: 8px; }
        .chip { padding: 4px 10px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); color: var(--ink); }
        .facts code { background: #eef2ff; padding: 1px 5px; border-radius: 4px; }
        .desc { white-space: pre-wrap; max-width: 900px; }
        table { border-collapse: collapse; background: var(--panel); }
        table.cols { width: 100%; }
        th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; color: var(--muted); font-size: 12px; }
        tr.missing td { color: #b91c1c; }
        a.test { display: inline-block; font-size: 11px; padding: 0 6px; margin: 1px 2px; border-radius: 8px; background: #f1f5f9; color: #334155; }
        .kv th { width: 110px; }
        .two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
        pre { background: #0f172a; color: #e2e8f0; padding: 12px 14px; border-radius: 8px; overflow: auto; max-height: 480px; }
        details.code summary { cursor: pointer; color: var(--muted); margin: 6px 0; }
        .graph-tools { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; margin-bottom: 8px; }
        .graph-tools .selector { width: 380px; height: 32px; line-height: 20px; padding: 5px 8px; font-size: 13px; border: 1px solid var(--line); border-radius: 6px; font-family: ui-monospace, monospace; }
        .graph-tools .selector.bad { border-color: #dc2626; background: #fef2f2; }
        .graph-tools .check { color: var(--muted); }
        .legend-types .badge { margin-right: 2px; }
        .graph-wrap { position: relative; border: 1px solid var(--line); border-radius: 10px; background: var(--panel); overflow: hidden; }
        svg.lineage { display: block; width: 100%; height: 440px; cursor: grab; user-select: none; background-image: radial-gradient(#e2e8f0 1px, transparent 1px); background-size: 18px 18px; }
        .tall svg.lineage { height: calc(100vh - 190px); min-height: 420px; }
        svg.lineage:active { cursor: grabbing; }
        .edge { fill: none; stroke: #94a3b8; stroke-width: 1.4; }
        .edge.bulk { vector-effect: non-scaling-stroke; stroke-width: .6; opacity: .35; }
        .edge.up { stroke: var(--up); stroke-width: 2.4; }
        .edge.down { stroke: var(--down); stroke-width: 2.4; }
        .edge.dim, .node.dim { opacity: .25; }
        .node { cursor: pointer; }
        .node rect { fill: #fff; stroke: var(--c); stroke-width: 1.6; }
        .node circle { fill: var(--c); }
        .node text { font-size: 12px; fill: var(--ink); }
        .node:hover rect { fill: #f1f5f9; }
        .node.sel rect { fill: var(--c); stroke-width: 3; }
        .node.sel text { fill: #fff; font-weight: 600; }
        .node.sel circle { fill: #fff; }
        .node.up rect { stroke: var(--up); stroke-width: 2.6; }
        .node.down rect { stroke: var(--down); stroke-width: 2.6; }
        .bulk.hi { fill: none; stroke: #0f172a; stroke-width: 6; }
        .graph-card { position: absolute; left: 10px; bottom: 10px; background: rgba(255,255,255,.96); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; box-shadow: 0 2px 8px rgba(0,0,0,.08); }
        .graph-card .open { display: block; margin-top: 4px; font-weight: 600; }
        .graph-zoom { position: absolute; right: 10px; top: 10px; display: flex; gap: 4px; }
        .graph-zoom button { border: 1px solid var(--line); background: #fff; border-radius: 6px; min-width: 30px; height: 28px; cursor: pointer; }
        .legend { display: flex; gap: 16px; margin: 4px 0; }
        .legend i, .chart-tip i { display: inline-block; width: 12px; height: 3px; vertical-align: middle; margin-right: 5px; }
        .chart-box { position: relative; display: inline-block; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; }
        svg.chart .grid { stroke: #eef2f7; }
        svg.chart .axis { stroke: #94a3b8; }
        svg.chart .zero { stroke: #64748b; stroke-dasharray: 3 3; }
        svg.chart .tick { font-size: 11px; fill: var(--muted); }
        svg.chart .label { font-size: 12px; fill: var(--ink); }
        svg.chart .series { fill: none; stroke-width: 2; }
        svg.chart .cursor { stroke: #94a3b8; }
        .chart-tip { position: absolute; top: 10px; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; font-size: 12px; pointer-events: none; box-shadow: 0 2px 8px rgba(0,0,0,.08); }
        .chart-title { font-weight: 600; }
        @media (max-width: 820px) { #layout { grid-template-columns: 1fr; } #sidebar { position: static; max-height: 240px; } .two { grid-template-columns: 1fr; } }
        """#
}
