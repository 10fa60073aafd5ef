import SDBasics

/// The files of the static site: a page, its script and style, the vendored Markdown parser (marked),
/// and the data script. Everything is local (no CDN), and the data is a script rather than JSON so the
/// page works from `file://`, where browsers refuse `fetch`. The script, style and parser are files in
/// Site/, carried in the binary by DocsAssets+Generated.swift (scripts/gen_docs_assets.py), so an
/// installed binary needs no bundle.
public enum DocsAssets {
    /// Relative path → contents, for `target/docs/`.
    public static func files(data: JSONValue, title: String) -> [String: String] {
        [
            "index.html": page(title: title),
            "assets/app.js": script,
            "assets/app.css": style,
            "assets/marked.min.js": markdownScript,
            "assets/site-data.js": "window.SWIFTDBT_DOCS = " + data.serialized(indent: 0) + ";\n",
        ]
    }

    static func page(title: String) -> String {
        var escaped = ""
        for c in title {
            switch c {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            default: escaped.append(c)
            }
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escaped) · swiftdbt docs</title>
            <link rel="stylesheet" href="assets/app.css">
            </head>
            <body>
            <header>
              <a class="brand" href="#!/"><span id="project">\(escaped)</span><small>swiftdbt docs</small></a>
              <input id="search" type="search" placeholder="Search models, sources, streams, exposures… ( / )" autocomplete="off" spellcheck="false">
              <a href="#!/lineage">Lineage</a>
            </header>
            <div id="layout">
              <aside id="sidebar"></aside>
              <main id="main"><p>Loading…</p><noscript>This site needs JavaScript (it runs locally; nothing is fetched from the network).</noscript></main>
            </div>
            <script src="assets/site-data.js"></script>
            <script src="assets/marked.min.js"></script>
            <script src="assets/app.js"></script>
            </body>
            </html>

            """
    }
}
