// swiftdbt docs: a single-page site over window.SWIFTDBT_DOCS (written by `swiftdbt docs generate`).
// No network, and one library: marked (assets/marked.min.js, vendored) for Markdown descriptions; the
// lineage graph, the selector filter and the charts are drawn here.
(function () {
  'use strict';
  var D = window.SWIFTDBT_DOCS || { project: '', lanes: [], nodes: [] };
  var N = D.nodes;
  var byId = new Map();
  var laneIndex = {};
  D.lanes.forEach(function (t, i) { laneIndex[t] = i; });
  N.forEach(function (n, i) {
    n.i = i;
    byId.set(n.id, i);
    n.lname = n.name.toLowerCase();
    n.hay = (n.name + ' ' + (n.exposure && n.exposure.label || '') + ' ' + n.id + ' ' + (n.tags || []).join(' ') + ' ' + (n.desc || '')).toLowerCase();
    n.lane = laneIndex[n.type] === undefined ? 99 : laneIndex[n.type];
  });

  // ---------- small helpers ----------
  var PALETTE = {
    topic: '#b45309', stream: '#ea580c', table: '#ca8a04', connector: '#7c3aed', source: '#059669',
    seed: '#0d9488', snapshot: '#4f46e5', model: '#2563eb', analysis: '#64748b', exposure: '#db2777', test: '#6b7280'
  };
  function typeColour(t) {
    if (PALETTE[t]) return PALETTE[t];
    var h = 0;
    for (var i = 0; i < t.length; i++) h = (h * 31 + t.charCodeAt(i)) % 360;
    return 'hsl(' + h + ',55%,42%)';
  }
  var SERIES = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#4d7c0f', '#9333ea', '#475569'];
  function esc(s) {
    return String(s === undefined || s === null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  // Descriptions are Markdown, as in dbt, parsed by the vendored marked (assets/marked.min.js). Raw
  // HTML in a description is shown as text and never inserted: marked passes HTML through untouched,
  // so its `html` renderer is replaced by escaping. Links and images keep only http(s), mailto and
  // scheme-less targets, checked after entity decoding (`javascript&#58;…` is still javascript:).
  var mdOptions = null;
  function safeUrl(href) {
    var box = document.createElement('textarea');
    box.innerHTML = String(href || '');
    var plain = box.value.replace(/[\u0000-\u0020\u007f]+/g, '');
    var scheme = /^([a-z][a-z0-9+.-]*):/i.exec(plain);
    return !scheme || /^(https?|mailto)$/i.test(scheme[1]);
  }
  function markdown(text) {
    if (!text) return '';
    var lib = window.marked;
    if (!lib || !lib.Renderer) return '<p>' + esc(text) + '</p>';
    if (!mdOptions) {
      var r = new lib.Renderer(), link = r.link, image = r.image;
      r.html = function (html) { return esc(html); };
      r.link = function (href, title, body) { return safeUrl(href) ? link.call(this, href, title, body) : body; };
      r.image = function (href, title, alt) { return safeUrl(href) ? image.call(this, href, title, alt) : esc(alt); };
      mdOptions = { renderer: r, headerIds: false, mangle: false, gfm: true };
    }
    return lib.parse(String(text), mdOptions);
  }
  function $(sel, root) { return (root || document).querySelector(sel); }
  function nodeHref(n) { return '#!/node/' + encodeURIComponent(n.id); }
  function lineageHref(sel, focus) {
    return '#!/lineage' + (sel ? '?select=' + encodeURIComponent(sel) : '') + (focus ? (sel ? '&' : '?') + 'focus=' + encodeURIComponent(focus) : '');
  }
  function badge(t) { return '<span class="badge" style="--c:' + typeColour(t) + '">' + esc(t) + '</span>'; }
  // What a node is called on screen: an exposure's `label` when it has one (dbt docs do the same), a
  // source as `source.table` (so the lake's table is not mistaken for the Kafka topic of that name).
  function display(n) {
    if (n.exposure && n.exposure.label) return n.exposure.label;
    return n.type === 'source' && n.source ? n.source + '.' + n.name : n.name;
  }
  function link(n) { return '<a href="' + nodeHref(n) + '">' + badge(n.type) + ' ' + esc(display(n)) + '</a>'; }
  function debounce(f, ms) {
    var t = 0;
    return function () { var a = arguments; clearTimeout(t); t = setTimeout(function () { f.apply(null, a); }, ms); };
  }

  // ---------- graph walks ----------
  function walk(start, key, depth, allowed) {
    var seen = new Set(), frontier = start.slice(), d = 0;
    while (frontier.length && d < depth) {
      var next = [];
      for (var k = 0; k < frontier.length; k++) {
        var list = N[frontier[k]][key];
        for (var j = 0; j < list.length; j++) {
          var m = list[j];
          if (!seen.has(m) && (!allowed || allowed.has(m))) { seen.add(m); next.push(m); }
        }
      }
      frontier = next;
      d++;
    }
    return seen;
  }

  // ---------- selectors ----------
  // The CLI's grammar and methods, step for step (Sources/SDGraph/SelectorParser.swift and
  // NodeSelector+Methods.swift), so the box accepts exactly what `swiftdbt ls --select` accepts and
  // selects the same nodes: space = union, comma = intersection, `+`/`n+` walk parents or children,
  // `@` adds the ancestors of all descendants, tests of a selected node join it (eager indirect
  // selection). DocsBrowserTests.selectorBoxMatchesTheCLI compares the two on a list of selectors.
  var METHODS = ['fqn', 'path', 'file', 'tag', 'source', 'resource_type', 'test_type', 'test_name', 'package', 'exposure',
    'group', 'access', 'semantic_model', 'metric', 'saved_query', 'unit_test'];
  var UNSUPPORTED = ['result', 'source_status', 'state', 'version', 'wildcard'];
  var RESOURCE_TYPES = ['analysis', 'connector', 'exposure', 'metric', 'model', 'saved_query', 'seed', 'semantic_model', 'snapshot',
    'source', 'stream', 'table', 'test', 'topic', 'unit_test'];
  var ACCESS = ['private', 'protected', 'public'];
  var TEST_TYPES = ['data', 'generic', 'schema', 'singular', 'unit'];
  function hasWildcard(p) { return /[*?[]/.test(p); }
  // Python fnmatch, case-sensitive as on POSIX: `*`, `?`, `[abc]`, `[a-z]`, `[!abc]`; a `[` without
  // its `]` is a plain character.
  var globCache = new Map();
  function glob(p) {
    var hit = globCache.get(p);
    if (hit) return hit;
    var out = '', i = 0;
    while (i < p.length) {
      var c = p[i++];
      if (c === '*') out += '[\\s\\S]*';
      else if (c === '?') out += '[\\s\\S]';
      else if (c === '[') {
        var j = i;
        if (j < p.length && p[j] === '!') j++;
        if (j < p.length && p[j] === ']') j++;
        while (j < p.length && p[j] !== ']') j++;
        if (j >= p.length) { out += '\\['; continue; }
        var body = p.slice(i, j).replace(/\\/g, '\\\\');
        out += '[' + (body[0] === '!' ? '^' + body.slice(1) : body[0] === '^' ? '\\' + body : body) + ']';
        i = j + 1;
      } else out += c.replace(/[.+^${}()|\]\\\/-]/g, '\\$&');
    }
    var re = new RegExp('^' + out + '$');
    hit = hasWildcard(p) ? function (t) { return re.test(t); } : function (t) { return t === p; };
    globCache.set(p, hit);
    return hit;
  }
  function flatFqn(n) {
    if (!n.flat) n.flat = [].concat.apply([], n.fqn.map(function (x) { return x.split('.'); }));
    return n.flat;
  }
  function fqnMatch(n, value, parts, firstWild) {
    var flat = flatFqn(n);
    if (flat[flat.length - 1] === value || n.name === value) return true;
    function from(base) {
      if (flat.length - base < parts.length) return false;
      for (var k = 0; k < parts.length; k++) {
        if (k === firstWild) return glob(parts.slice(k).join('.'))(flat.slice(base + k).join('.'));
        if (flat[base + k] !== parts[k]) return false;
      }
      return true;
    }
    if (from(0) || (flat.length > 1 && from(1))) return true;
    return firstWild >= 0 && glob(value)(n.name);
  }
  function pathMatch(path, value) {
    var pat = value.split('/').filter(function (x) { return x && x !== '.'; });
    if (!pat.some(hasWildcard)) {
      var norm = pat.join('/');
      return path.indexOf(norm) === 0 && (path.length === norm.length || path[norm.length] === '/' || norm.length === 0);
    }
    var segs = path.split('/').filter(Boolean);
    function seg(t, p) {
      if (!p.length) return !t.length;
      if (p[0] === '**') {
        for (var s = 0; s <= t.length; s++) if (seg(t.slice(s), p.slice(1))) return true;
        return false;
      }
      return t.length > 0 && glob(p[0])(t[0]) && seg(t.slice(1), p.slice(1));
    }
    for (var count = segs.length; count >= 1; count--) if (seg(segs.slice(0, count), pat)) return true;
    return false;
  }
  function stem(name) { var d = name.lastIndexOf('.'); return d > 0 ? name.slice(0, d) : name; }
  // Config as the CLI flattens it: nested keys joined with dots, meta under `meta.`.
  function flatConfig(n) {
    if (n.flatConfig) return n.flatConfig;
    var out = {};
    function put(prefix, v) {
      if (v && typeof v === 'object' && !Array.isArray(v)) Object.keys(v).forEach(function (k) { put(prefix ? prefix + '.' + k : k, v[k]); });
      else out[prefix] = v;
    }
    put('', n.config || {});
    if (n.meta) put('meta', n.meta);
    return (n.flatConfig = out);
  }
  function configMatch(v, pattern) {
    if (v === undefined || v === null) return false;
    if (Array.isArray(v)) return v.some(function (x) { return configMatch(x, pattern); });
    if (typeof v === 'boolean') return pattern.toLowerCase() === String(v);
    if (typeof v === 'number') return Number(pattern) === v && pattern.trim() !== '' || glob(pattern)(String(v));
    return typeof v === 'string' && glob(pattern)(v);
  }
  function methodMatch(method, value) {
    var out = new Set(), g = glob(value), parts = value.split('.'), firstWild = -1;
    for (var p = 0; p < parts.length; p++) if (hasWildcard(parts[p])) { firstWild = p; break; }
    var key = method.indexOf('config.') === 0 ? method.slice(7) : null;
    var sp = parts.map(glob), pkg = glob(value === 'this' ? D.project : value);
    N.forEach(function (n, i) {
      var ok = false;
      if (key !== null) ok = configMatch(flatConfig(n)[key], value);
      else switch (method) {
        case 'fqn': ok = fqnMatch(n, value, parts, firstWild); break;
        case 'path': ok = pathMatch(n.file, value); break;
        case 'file': var f = n.file.slice(n.file.lastIndexOf('/') + 1); ok = g(f) || g(stem(f)); break;
        case 'tag': ok = (n.tags || []).some(g); break;
        case 'resource_type': ok = n.type === value; break;
        case 'test_type':
          // As the CLI: `data` is generic and singular (dbt 1.8+), `unit` the unit tests.
          ok = value === 'unit' ? n.type === 'unit_test' : n.type === 'test' &&
            ((value === 'generic' || value === 'schema') ? !!n.test : value === 'singular' ? !n.test : value === 'data');
          break;
        case 'test_name': ok = n.type === 'test' && !!n.test && g(n.test); break;
        case 'package': ok = pkg(n.pkg); break;
        case 'exposure': ok = n.type === 'exposure' && g(n.name); break;
        case 'semantic_model': case 'metric': case 'saved_query': ok = n.type === method && fqnMatch(n, value, parts, firstWild); break;
        // `name` or `package.name`, each part a glob, as the CLI's unit_test method (dbt 1.8).
        case 'unit_test': ok = n.type === 'unit_test' && sp[sp.length - 1](n.name) && (sp.length === 1 || sp[0](n.pkg)); break;
        case 'group': ok = typeof flatConfig(n).group === 'string' && g(flatConfig(n).group); break;
        case 'access':
          // A model without `access` is protected, as in the CLI (NodeSelector+Methods.swift).
          var a = flatConfig(n).access || (n.type === 'model' ? 'protected' : undefined);
          ok = typeof a === 'string' && g(a);
          break;
        case 'source':
          ok = n.type === 'source' && !!n.source && (sp.length === 1 ? sp[0](n.source) : sp.length === 2 ? sp[0](n.source) && sp[1](n.name) :
            sp[0](n.pkg) && sp[1](n.source) && sp[2](n.name));
          break;
      }
      if (ok) out.add(i);
    });
    return out;
  }
  function closest(word, candidates) {
    var best = '', bestD = Infinity;
    // As EditDistance.closest: within a third of the word (at least 2), ties to the smaller name.
    candidates.forEach(function (c) {
      var d = c === word ? Infinity : editDistance(word, c);
      if (d < bestD || (d === bestD && c < best)) { bestD = d; best = c; }
    });
    return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : '';
  }
  // One criterion, as SelectorParser.parseCriterion reads it; throws the CLI's message on bad input.
  function parseCriterion(text) {
    var i = 0, end = text.length, at = text[0] === '@', parents, children;
    if (at) i = 1;
    var lead = /^(\d*)\+/.exec(text.slice(i));
    function depth(digits) {
      if (digits === '') return Infinity;
      if (digits.length > 18) throw new Error("graph operator depth '" + digits + "' is too large");
      return +digits;
    }
    if (lead) { parents = depth(lead[1]); i += lead[0].length; }
    if (at && parents !== undefined) throw new Error("the '@' operator cannot be combined with a leading '+'");
    if (text[i] === '@') {
      throw new Error(parents !== undefined ? "the '@' operator cannot be combined with a leading '+'" :
        "'@' is written once, at the start of a criterion");
    }
    var bodyEnd = end, k = end;
    while (k > i && /[0-9]/.test(text[k - 1])) k--;
    if (k > i && text[k - 1] === '+') { children = depth(text.slice(k, end)); bodyEnd = k - 1; }
    if (i === bodyEnd) throw new Error("graph operator '" + text + "' has no node to apply to");
    var body = text.slice(i, bodyEnd), m = /^([A-Za-z0-9_.]+):/.exec(body), method, value = body;
    if (m) {
      var head = m[1].split('.'), args = head.slice(1);
      value = body.slice(m[0].length);
      if (head[0] === 'config') {
        if (!args.length || args.some(function (x) { return !x; })) throw new Error('the config method needs a key');
        method = 'config.' + args.join('.');
      } else if (METHODS.indexOf(head[0]) >= 0) {
        if (args.length) throw new Error("selector method '" + head[0] + "' takes no dotted arguments");
        method = head[0];
      } else if (UNSUPPORTED.indexOf(head[0]) >= 0) {
        throw new Error("selector method '" + head[0] + "' is not supported by swiftdbt");
      } else {
        var near = closest(head[0], METHODS.concat('config'));
        throw new Error("unknown selector method '" + head[0] + "'" + (near ? "; did you mean '" + near + "'?" : ''));
      }
      if (!value) throw new Error("selector method '" + method + "' needs a value");
    } else {
      method = /[/\\]/.test(value) ? 'path' : /\.(sql|py|csv)$/i.test(value) ? 'file' : 'fqn';
    }
    if (method === 'resource_type' && RESOURCE_TYPES.indexOf(value) < 0) {
      var rt = closest(value, RESOURCE_TYPES);
      throw new Error("unknown resource type '" + value + "'" + (rt ? "; did you mean '" + rt + "'?" : ''));
    }
    if (method === 'test_type' && TEST_TYPES.indexOf(value) < 0) throw new Error("unknown test type '" + value + "'");
    if (method === 'access' && ACCESS.indexOf(value) < 0) throw new Error("unknown access level '" + value + "'");
    if (method === 'source' && value.split('.').length > 3) throw new Error("source selector '" + value + "' has too many parts");
    if (method === 'unit_test' && value.split('.').length > 2) throw new Error("unit test selector '" + value + "' has too many parts");
    return { method: method, value: value, parents: parents, children: children, at: at };
  }
  function testDeps(n) { return n.attached !== undefined && n.parents.indexOf(n.attached) < 0 ? n.parents.concat([n.attached]) : n.parents; }
  function evaluate(c) {
    var base = methodMatch(c.method, c.value), out = new Set(base);
    if (c.at) {
      walk(Array.from(base), 'children', Infinity).forEach(function (x) { out.add(x); });
      walk(Array.from(out), 'parents', Infinity).forEach(function (x) { out.add(x); });
    } else {
      if (c.parents !== undefined) walk(Array.from(base), 'parents', c.parents).forEach(function (x) { out.add(x); });
      if (c.children !== undefined) walk(Array.from(base), 'children', c.children).forEach(function (x) { out.add(x); });
    }
    // Eager indirect selection: a test joins when any node it depends on is selected.
    N.forEach(function (n, i) {
      if ((n.type === 'test' || n.type === 'unit_test') && !out.has(i) && testDeps(n).some(function (d) { return out.has(d); })) out.add(i);
    });
    return out;
  }
  function select(expr) {
    expr = expr || '';
    var terms = expr.split(/[ \t\n\r\f\v]+/).filter(Boolean);
    if (!terms.length) return null;
    var parsed = terms.map(function (term) {
      var pieces = term.split(',');
      if (pieces.some(function (x) { return !x; })) throw new Error("empty selection criterion around ','");
      return pieces.map(parseCriterion);
    });
    var all = new Set();
    parsed.forEach(function (criteria) {
      var acc = null;
      criteria.forEach(function (c) {
        var s = evaluate(c);
        acc = acc === null ? s : new Set(Array.from(acc).filter(function (x) { return s.has(x); }));
      });
      acc.forEach(function (x) { all.add(x); });
    });
    return all;
  }
  function editDistance(a, b) {
    var prev = [], cur = [], x, y;
    for (y = 0; y <= b.length; y++) prev[y] = y;
    for (x = 1; x <= a.length; x++) {
      cur = [x];
      for (y = 1; y <= b.length; y++) cur[y] = Math.min(prev[y] + 1, cur[y - 1] + 1, prev[y - 1] + (a[x - 1] === b[y - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length];
  }

  // The closest node name to a mistyped bare name (edit distance at most a third of its length).
  function didYouMean(expr) {
    var word = expr.trim().replace(/^@|^\d*\+|\+\d*$/g, '');
    if (!word || /[\s:,*]/.test(word)) return '';
    var best = '', bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
    for (var i = 0; i < N.length; i++) {
      var a = word, b = N[i].name;
      if (Math.abs(a.length - b.length) >= bestD) continue;
      var prev = [], cur = [], x, y;
      for (y = 0; y <= b.length; y++) prev[y] = y;
      for (x = 1; x <= a.length; x++) {
        cur = [x];
        for (y = 1; y <= b.length; y++) cur[y] = Math.min(prev[y] + 1, cur[y - 1] + 1, prev[y - 1] + (a[x - 1] === b[y - 1] ? 0 : 1));
        prev = cur;
      }
      if (prev[b.length] < bestD) { bestD = prev[b.length]; best = b; }
    }
    return best ? "; did you mean '" + best + "'?" : '';
  }

  // ---------- layered left-to-right layout ----------
  // Boxes fit their whole label (measured in the font the page draws it with); columns are as wide
  // as their widest box plus GAP_X, rows NODE_H + the gap apart. The view never shrinks labels below
  // MIN_FONT px on screen: a graph too wide for that is shown at that size and panned instead.
  var NODE_H = 30, GAP_X = 46, GAP_Y = 18, FONT = 12, MIN_FONT = 11, PAD = 34;
  var measureCtx = null, widthCache = new Map();
  function labelWidth(text) {
    var w = widthCache.get(text);
    if (w !== undefined) return w;
    if (!measureCtx) {
      measureCtx = document.createElement('canvas').getContext('2d');
      measureCtx.font = FONT + 'px ' + getComputedStyle(document.body).fontFamily;
    }
    w = Math.ceil(measureCtx.measureText(text).width);
    widthCache.set(text, w);
    return w;
  }
  function boxWidth(n) { return Math.max(110, labelWidth(display(n)) + PAD + 12); }
  // Edge crossings between two neighbouring layers (pairs of edges whose ends swap order).
  function crossings(layers, kids, order) {
    var total = 0;
    for (var r = 0; r + 1 < layers.length; r++) {
      var es = [];
      layers[r].forEach(function (x) { kids[x].forEach(function (c) { es.push([order[x], order[c]]); }); });
      for (var i = 0; i < es.length; i++) {
        for (var j = i + 1; j < es.length; j++) {
          if ((es[i][0] - es[j][0]) * (es[i][1] - es[j][1]) < 0) total++;
        }
      }
    }
    return total;
  }
  function layout(ids) {
    var local = new Map(), n = ids.length, k, j;
    for (k = 0; k < n; k++) local.set(ids[k], k);
    var rank = new Int32Array(n), indeg = new Int32Array(n), kids = new Array(n), pars = new Array(n), edges = [];
    for (k = 0; k < n; k++) { kids[k] = []; pars[k] = []; }
    for (k = 0; k < n; k++) {
      var ch = N[ids[k]].children;
      for (j = 0; j < ch.length; j++) {
        var c = local.get(ch[j]);
        if (c !== undefined) { kids[k].push(c); pars[c].push(k); indeg[c]++; edges.push(k, c); }
      }
    }
    // Longest path from the roots, so a node sits right of everything it reads.
    var queue = [];
    for (k = 0; k < n; k++) if (indeg[k] === 0) queue.push(k);
    for (var h = 0; h < queue.length; h++) {
      var a = queue[h];
      for (j = 0; j < kids[a].length; j++) {
        var b = kids[a][j];
        if (rank[b] < rank[a] + 1) rank[b] = rank[a] + 1;
        if (--indeg[b] === 0) queue.push(b);
      }
    }
    // A root (a seed, a lookup source) sits just left of its first reader rather than in the first
    // column, so its edges stay short instead of crossing the layers between.
    for (k = 0; k < n; k++) {
      if (pars[k].length || !kids[k].length) continue;
      var first = Infinity;
      for (j = 0; j < kids[k].length; j++) if (rank[kids[k][j]] < first) first = rank[kids[k][j]];
      rank[k] = Math.max(0, first - 1);
    }
    var maxRank = 0;
    for (k = 0; k < n; k++) if (rank[k] > maxRank) maxRank = rank[k];
    var layers = [];
    for (k = 0; k <= maxRank; k++) layers.push([]);
    for (k = 0; k < n; k++) layers[rank[k]].push(k);
    var order = new Float64Array(n);
    function byLane(x, y) {
      var p = N[ids[x]], q = N[ids[y]];
      return p.lane - q.lane || (p.name < q.name ? -1 : p.name > q.name ? 1 : 0);
    }
    layers.forEach(function (L) { L.sort(byLane); L.forEach(function (x, i) { order[x] = i; }); });
    // One sweep down and one up by the mean position of neighbours (barycentre) keeps edges short.
    function sweep(L, nb) {
      var bary = new Map();
      L.forEach(function (x) {
        var list = nb[x];
        if (!list.length) { bary.set(x, order[x]); return; }
        var s = 0;
        for (var q = 0; q < list.length; q++) s += order[list[q]];
        bary.set(x, s / list.length);
      });
      L.sort(function (x, y) { return bary.get(x) - bary.get(y) || byLane(x, y); });
      L.forEach(function (x, i) { order[x] = i; });
    }
    // Sweeps down and up by the mean position of neighbours (barycentre), repeated while crossings
    // drop; the best order seen is kept. Big graphs get one round, counting would cost more than it saves.
    var rounds = n > 600 ? 1 : 8, best = Infinity, bestOrder = null;
    for (var round = 0; round < rounds; round++) {
      for (k = 1; k <= maxRank; k++) sweep(layers[k], pars);
      for (k = maxRank - 1; k >= 0; k--) sweep(layers[k], kids);
      if (rounds === 1) break;
      var c = crossings(layers, kids, order);
      if (c < best) { best = c; bestOrder = layers.map(function (L) { return L.slice(); }); }
      if (c === 0) break;
    }
    if (bestOrder) {
      layers = bestOrder;
      layers.forEach(function (L) { L.forEach(function (x, i) { order[x] = i; }); });
    }
    var xs = new Float64Array(n), ys = new Float64Array(n), ws = new Float64Array(n), left = 0;
    layers.forEach(function (L, r) {
      var widest = 0;
      L.forEach(function (x) { ws[x] = boxWidth(N[ids[x]]); if (ws[x] > widest) widest = ws[x]; });
      L.forEach(function (x, i) { xs[x] = left + ws[x] / 2; ys[x] = (i - (L.length - 1) / 2) * (NODE_H + GAP_Y); });
      left += widest + GAP_X;
    });
    return { ids: ids, local: local, x: xs, y: ys, w: ws, crossings: best === Infinity ? -1 : best,
      rank: rank, edges: edges, kids: kids, pars: pars, layers: layers.length };
  }

  // ---------- the lineage graph view ----------
  var DETAIL_LIMIT = 1500, graphCount = 0;
  function arrow(id, cls) {
    return '<marker id="' + id + '" class="arrow' + cls + '" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" ' +
      'markerWidth="9" markerHeight="9" orient="auto"><path d="M0 0L10 5L0 10z"/></marker>';
  }
  function Graph(host, ids, focus) {
    var self = this;
    this.host = host;
    this.mid = 'g' + (++graphCount) + '-arrow';
    host.innerHTML = '<div class="graph-wrap"><svg class="lineage" xmlns="http://www.w3.org/2000/svg"><defs>' +
      arrow(this.mid, '') + arrow(this.mid + '-up', ' up') + arrow(this.mid + '-down', ' down') + '</defs><g class="viewport">' +
      '<g class="edges"></g><g class="nodes"></g></g></svg><div class="graph-card" hidden></div>' +
      '<div class="graph-zoom"><button data-z="in" title="Zoom in">+</button><button data-z="out" title="Zoom out">−</button>' +
      '<button data-z="fit" title="Fit">fit</button></div><div class="graph-hint" hidden></div></div>';
    this.svg = $('svg', host);
    this.vp = $('.viewport', host);
    this.card = $('.graph-card', host);
    this.hint = $('.graph-hint', host);
    this.t = { x: 0, y: 0, k: 1 };
    this.sel = -1;
    this.setIds(ids, focus);
    var drag = null, moved = false;
    this.svg.addEventListener('mousedown', function (e) { drag = { x: e.clientX, y: e.clientY, tx: self.t.x, ty: self.t.y }; moved = false; });
    window.addEventListener('mousemove', function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
      self.t.x = drag.tx + dx; self.t.y = drag.ty + dy;
      self.applyTransform();
    });
    window.addEventListener('mouseup', function () { if (drag && moved) self.scheduleRender(); drag = null; });
    this.svg.addEventListener('click', function (e) {
      if (moved) return;
      var hit = self.hit(e);
      self.choose(hit);
    });
    this.svg.addEventListener('dblclick', function (e) {
      var hit = self.hit(e);
      if (hit >= 0) location.hash = nodeHref(N[self.L.ids[hit]]);
    });
    this.svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var r = self.svg.getBoundingClientRect();
      self.zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * 0.0015));
    }, { passive: false });
    $('.graph-zoom', host).addEventListener('click', function (e) {
      var z = e.target.getAttribute('data-z'), r = self.svg.getBoundingClientRect();
      if (z === 'fit') self.fit(); else if (z) self.zoomAt(r.width / 2, r.height / 2, z === 'in' ? 1.25 : 0.8);
    });
  }
  Graph.prototype.setIds = function (ids, focus) {
    this.L = layout(ids);
    this.sel = focus !== undefined && this.L.local.has(focus) ? this.L.local.get(focus) : -1;
    this.computeHighlight();
    this.firstView();
    this.showCard();
  };
  Graph.prototype.size = function () {
    var r = this.svg.getBoundingClientRect();
    return { w: r.width || 900, h: r.height || 420 };
  };
  Graph.prototype.fit = function () {
    var L = this.L, n = L.ids.length, s = this.size();
    if (!n) { this.t = { x: s.w / 2, y: s.h / 2, k: 1 }; this.render(); return; }
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (var k = 0; k < n; k++) {
      if (L.x[k] < minX) minX = L.x[k]; if (L.x[k] > maxX) maxX = L.x[k];
      if (L.y[k] < minY) minY = L.y[k]; if (L.y[k] > maxY) maxY = L.y[k];
    }
    var x0 = Infinity, x1 = -Infinity;
    for (k = 0; k < n; k++) { x0 = Math.min(x0, L.x[k] - L.w[k] / 2); x1 = Math.max(x1, L.x[k] + L.w[k] / 2); }
    var w = x1 - x0 + 40, h = maxY - minY + NODE_H + 40;
    this.t = { k: Math.min(s.w / w, s.h / h, 1.1), x: 0, y: 0 };
    this.t.x = s.w / 2 - (x0 + x1) / 2 * this.t.k;
    this.t.y = s.h / 2 - (minY + maxY) / 2 * this.t.k;
    this.render();
  };
  // The first view: everything when that keeps labels at MIN_FONT px or more; otherwise fit the width
  // if that stays legible (the box grows to the graph's height, up to most of the window), else the
  // smallest legible scale, starting at the roots or centred on the focused node, and the reader pans.
  Graph.prototype.firstView = function () {
    var L = this.L, n = L.ids.length, k;
    if (!n) { this.fit(); return; }
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (k = 0; k < n; k++) {
      x0 = Math.min(x0, L.x[k] - L.w[k] / 2); x1 = Math.max(x1, L.x[k] + L.w[k] / 2);
      y0 = Math.min(y0, L.y[k] - NODE_H / 2); y1 = Math.max(y1, L.y[k] + NODE_H / 2);
    }
    var w = x1 - x0 + 40, h = y1 - y0 + 40, minK = MIN_FONT / FONT;
    var kw = Math.min(this.size().w / w, 1.1), kk = Math.max(minK, kw);
    var base = this.baseHeight || (this.baseHeight = this.size().h);
    var want = Math.min(Math.max(base, h * kk), Math.max(base, (window.innerHeight || 900) * 0.8));
    this.svg.style.height = want + 'px';
    var s = this.size();
    kk = Math.max(minK, Math.min(s.w / w, s.h / h, 1.1));
    var cx = (x0 + x1) / 2;
    this.t = { k: kk, x: s.w / 2 - cx * kk, y: s.h / 2 - (y0 + y1) / 2 * kk };
    if (w * kk > s.w) {
      // Too wide: start at the left edge, or keep the focused node in the middle of the view.
      this.t.x = this.sel >= 0 ? s.w / 2 - L.x[this.sel] * kk : 20 - x0 * kk;
      if (this.sel >= 0) this.t.x = Math.min(20 - x0 * kk, Math.max(s.w - 20 - x1 * kk, this.t.x));
    }
    if (h * kk > s.h) this.t.y = this.sel >= 0 ? s.h / 2 - L.y[this.sel] * kk : 20 - y0 * kk;
    var cut = w * kk > s.w + 1 || h * kk > s.h + 1;
    this.hint.hidden = !cut;
    this.hint.textContent = cut ? 'More of the graph lies outside the view: drag to pan, or fit to see it all smaller' : '';
    this.svg.setAttribute('data-scale', String(kk));
    this.render();
  };
  Graph.prototype.zoomAt = function (px, py, f) {
    var k2 = Math.max(0.02, Math.min(3, this.t.k * f));
    this.t.x = px - (px - this.t.x) * k2 / this.t.k;
    this.t.y = py - (py - this.t.y) * k2 / this.t.k;
    this.t.k = k2;
    this.applyTransform();
    this.scheduleRender();
  };
  Graph.prototype.applyTransform = function () {
    this.vp.setAttribute('transform', 'translate(' + this.t.x + ',' + this.t.y + ') scale(' + this.t.k + ')');
  };
  Graph.prototype.scheduleRender = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.render(); }, 60);
  };
  Graph.prototype.hit = function (e) {
    var r = this.svg.getBoundingClientRect(), L = this.L;
    var gx = (e.clientX - r.left - this.t.x) / this.t.k, gy = (e.clientY - r.top - this.t.y) / this.t.k;
    for (var k = 0; k < L.ids.length; k++) {
      if (Math.abs(gx - L.x[k]) <= L.w[k] / 2 && Math.abs(gy - L.y[k]) <= NODE_H / 2) return k;
    }
    return -1;
  };
  Graph.prototype.computeHighlight = function () {
    var L = this.L;
    this.up = new Set(); this.down = new Set();
    if (this.sel < 0) return;
    var self = this;
    function go(start, key, into) {
      var stack = [start];
      while (stack.length) {
        var x = stack.pop(), list = L[key][x];
        for (var j = 0; j < list.length; j++) if (!into.has(list[j])) { into.add(list[j]); stack.push(list[j]); }
      }
    }
    go(this.sel, 'pars', this.up);
    go(this.sel, 'kids', this.down);
    void self;
  };
  Graph.prototype.choose = function (k) {
    this.sel = k;
    this.computeHighlight();
    this.render();
    this.showCard();
  };
  Graph.prototype.showCard = function () {
    if (this.sel < 0) { this.card.hidden = true; return; }
    var n = N[this.L.ids[this.sel]];
    this.card.hidden = false;
    this.card.innerHTML = badge(n.type) + ' <b>' + esc(display(n)) + '</b><div class="muted">' + this.up.size + ' upstream · ' +
      this.down.size + ' downstream</div><a class="open" href="' + nodeHref(n) + '">Open ' + esc(display(n)) + ' →</a>';
  };
  Graph.prototype.cls = function (k) {
    if (this.sel < 0) return '';
    if (k === this.sel) return ' sel';
    if (this.up.has(k)) return ' up';
    if (this.down.has(k)) return ' down';
    return ' dim';
  };
  Graph.prototype.render = function () {
    this.applyTransform();
    var L = this.L, s = this.size(), t = this.t, n = L.ids.length, k;
    var MW = 0;
    for (k = 0; k < n; k++) if (L.w[k] > MW) MW = L.w[k];
    var x0 = -t.x / t.k - MW, x1 = (s.w - t.x) / t.k + MW, y0 = -t.y / t.k - NODE_H, y1 = (s.h - t.y) / t.k + NODE_H;
    var vis = new Uint8Array(n), count = 0;
    // A graph small enough to draw in full is drawn in full, also the part outside the view, so panning
    // shows it at once; only big graphs are cut to what is in view.
    var whole = n <= DETAIL_LIMIT;
    for (k = 0; k < n; k++) if (whole || (L.x[k] >= x0 && L.x[k] <= x1 && L.y[k] >= y0 && L.y[k] <= y1)) { vis[k] = 1; count++; }
    var e = [], a, b, d, mid = this.mid;
    function curve(a, b) {
      var ax = L.x[a] + L.w[a] / 2, bx = L.x[b] - L.w[b] / 2, mx = (ax + bx) / 2;
      return 'M' + ax + ' ' + L.y[a] + 'C' + mx + ' ' + L.y[a] + ' ' + mx + ' ' + L.y[b] + ' ' + bx + ' ' + L.y[b];
    }
    var detailed = count <= DETAIL_LIMIT;
    this.svg.setAttribute('data-mode', detailed ? 'detail' : 'overview');
    this.svg.setAttribute('data-nodes', String(n));
    if (detailed) {
      for (k = 0; k < L.edges.length; k += 2) {
        a = L.edges[k]; b = L.edges[k + 1];
        if (!vis[a] && !vis[b]) continue;
        var ec = this.sel < 0 ? '' : ((a === this.sel || this.up.has(a)) && (b === this.sel || this.up.has(b))) ? ' up' :
          ((a === this.sel || this.down.has(a)) && (b === this.sel || this.down.has(b))) ? ' down' : ' dim';
        var marker = mid + (ec === ' up' || ec === ' down' ? '-' + ec.slice(1) : '');
        e.push('<path class="edge' + ec + '" d="' + curve(a, b) + '" marker-end="url(#' + marker + ')"/>');
      }
      var out = [];
      for (k = 0; k < n; k++) {
        if (!vis[k]) continue;
        var node = N[L.ids[k]], label = display(node), hw = L.w[k] / 2;
        out.push('<g class="node t-' + esc(node.type) + this.cls(k) + '" data-id="' + esc(node.id) + '" transform="translate(' +
          L.x[k] + ',' + L.y[k] + ')" style="--c:' + typeColour(node.type) + '"><title>' + esc(node.id) + '</title>' +
          '<rect x="' + (-hw) + '" y="' + (-NODE_H / 2) + '" width="' + L.w[k] + '" height="' + NODE_H + '" rx="7"/>' +
          '<circle cx="' + (-hw + 12) + '" cy="0" r="5"/><text x="' + (-hw + 24) + '" y="4">' + esc(label) + '</text></g>');
      }
      $('.edges', this.host).innerHTML = e.join('');
      $('.nodes', this.host).innerHTML = out.join('');
    } else {
      // Far out, thousands of nodes: one path for the edges and one per kind, so the DOM stays small.
      var path = [], byType = {}, hi = [];
      for (k = 0; k < L.edges.length; k += 2) {
        a = L.edges[k]; b = L.edges[k + 1];
        if (vis[a] || vis[b]) path.push(curve(a, b));
      }
      for (k = 0; k < n; k++) {
        if (!vis[k]) continue;
        var ty = N[L.ids[k]].type;
        d = 'M' + (L.x[k] - L.w[k] / 2) + ' ' + (L.y[k] - NODE_H / 2) + 'h' + L.w[k] + 'v' + NODE_H + 'h' + (-L.w[k]) + 'z';
        (byType[ty] = byType[ty] || []).push(d);
        if (this.sel >= 0 && (k === this.sel || this.up.has(k) || this.down.has(k))) hi.push(d);
      }
      $('.edges', this.host).innerHTML = '<path class="edge bulk" d="' + path.join('') + '"/>';
      $('.nodes', this.host).innerHTML = Object.keys(byType).map(function (ty) {
        return '<path class="bulk t-' + esc(ty) + '" style="fill:' + typeColour(ty) + '" d="' + byType[ty].join('') + '"/>';
      }).join('') + (hi.length ? '<path class="bulk hi" d="' + hi.join('') + '"/>' : '');
    }
  };

  // ---------- line chart ----------
  function parseX(v) {
    if (typeof v === 'number') return { v: v, time: false };
    var s = String(v);
    if (/^\d{4}-\d\d-\d\d/.test(s)) {
      var iso = s.replace(' ', 'T');
      if (!/[zZ]|[+-]\d\d:?\d\d$/.test(iso.slice(10))) iso += iso.length > 10 ? 'Z' : 'T00:00:00Z';
      return { v: Date.parse(iso), time: true };
    }
    return { v: Number(s), time: false };
  }
  function niceTicks(lo, hi, count) {
    if (!(hi > lo)) { hi = lo + 1; lo = lo - 1; }
    var step = Math.pow(10, Math.floor(Math.log10((hi - lo) / count))), err = (hi - lo) / count / step;
    step *= err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1;
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(12));
    return out;
  }
  function fmtNum(v) {
    var a = Math.abs(v);
    return a !== 0 && (a < 0.001 || a >= 1e6) ? v.toExponential(2) : String(+v.toFixed(4));
  }
  function fmtDate(ms) { return new Date(ms).toISOString().slice(0, 10); }
  // A chart whose meta lists several `y` columns gets a switch (like a dashboard's filter); each
  // point then carries one value per column, `[x, y, y2, …]`, and `which` picks the one drawn.
  function lineChart(host, chart, which) {
    var ys = chart.ys || [chart.y];
    which = which > 0 && which < ys.length ? which : 0;
    var series = (chart.series || []).map(function (s) {
      var pts = s.points.filter(function (p) { return p[1 + which] !== null && p[1 + which] !== undefined; })
        .map(function (p) { var x = parseX(p[0]); return [x.v, Number(p[1 + which]), x.time]; })
        .filter(function (p) { return isFinite(p[0]) && isFinite(p[1]); });
      pts.sort(function (a, b) { return a[0] - b[0]; });
      return { name: s.name, pts: pts };
    });
    var toggle = ys.length < 2 ? '' : '<div class="chart-switch" role="group" aria-label="' + esc(chart.x) + ' against">' +
      ys.map(function (y, j) {
        return '<button type="button" data-y="' + j + '" aria-pressed="' + (j === which) + '">' + esc(y) + '</button>';
      }).join('') + '</div>';
    function wire() {
      Array.prototype.forEach.call(host.querySelectorAll('.chart-switch button'), function (b) {
        b.addEventListener('click', function () { lineChart(host, chart, +b.getAttribute('data-y')); });
      });
    }
    series = series.filter(function (s) { return s.pts.length; });
    if (!series.length) {
      host.innerHTML = toggle + '<p class="muted">' + esc(chart.error || 'the query returned no rows') + '</p>';
      wire();
      return;
    }
    var time = series.some(function (s) { return s.pts.length && s.pts[0][2]; });
    var xl = Infinity, xh = -Infinity, yl = Infinity, yh = -Infinity;
    series.forEach(function (s) { s.pts.forEach(function (p) {
      if (p[0] < xl) xl = p[0]; if (p[0] > xh) xh = p[0]; if (p[1] < yl) yl = p[1]; if (p[1] > yh) yh = p[1];
    }); });
    var W = Math.max(480, Math.min(980, host.clientWidth || 760)), H = 320, m = { l: 64, r: 40, t: 14, b: 42 };
    var yt = niceTicks(yl, yh, 5);
    yl = Math.min(yl, yt[0]); yh = Math.max(yh, yt[yt.length - 1]);
    if (xh === xl) { xh = xl + 1; }
    function X(v) { return m.l + (v - xl) / (xh - xl) * (W - m.l - m.r); }
    function Y(v) { return H - m.b - (v - yl) / (yh - yl || 1) * (H - m.t - m.b); }
    var g = [];
    yt.forEach(function (v) {
      g.push('<line class="grid" x1="' + m.l + '" x2="' + (W - m.r) + '" y1="' + Y(v) + '" y2="' + Y(v) + '"/>' +
        '<text class="tick" x="' + (m.l - 6) + '" y="' + (Y(v) + 4) + '" text-anchor="end">' + esc(fmtNum(v)) + '</text>');
    });
    var xt = time ? (function () {
      var out = [], c = 6;
      for (var i = 0; i <= c; i++) out.push(xl + (xh - xl) * i / c);
      return out;
    })() : niceTicks(xl, xh, 6);
    xt.forEach(function (v) {
      g.push('<line class="axis" x1="' + X(v) + '" x2="' + X(v) + '" y1="' + (H - m.b) + '" y2="' + (H - m.b + 4) + '"/>' +
        '<text class="tick" x="' + X(v) + '" y="' + (H - m.b + 16) + '" text-anchor="middle">' + esc(time ? fmtDate(v) : fmtNum(v)) + '</text>');
    });
    g.push('<line class="axis" x1="' + m.l + '" x2="' + (W - m.r) + '" y1="' + (H - m.b) + '" y2="' + (H - m.b) + '"/>');
    if (yl < 0 && yh > 0) g.push('<line class="zero" x1="' + m.l + '" x2="' + (W - m.r) + '" y1="' + Y(0) + '" y2="' + Y(0) + '"/>');
    g.push('<text class="label" x="' + ((W + m.l) / 2) + '" y="' + (H - 6) + '" text-anchor="middle">' + esc(chart.x) + '</text>');
    g.push('<text class="label" transform="translate(14,' + ((H - m.b) / 2) + ') rotate(-90)" text-anchor="middle">' + esc(ys[which]) + '</text>');
    series.forEach(function (s, i) {
      var d = s.pts.map(function (p, j) { return (j ? 'L' : 'M') + X(p[0]).toFixed(1) + ' ' + Y(p[1]).toFixed(1); }).join('');
      g.push('<path class="series" data-series="' + esc(s.name) + '" data-y="' + esc(ys[which]) + '"' +
        ' stroke="' + SERIES[i % SERIES.length] + '" d="' + d + '"/>');
    });
    var legend = series.map(function (s, i) {
      return '<span class="key"><i style="background:' + SERIES[i % SERIES.length] + '"></i>' + esc(s.name) + ' <span class="muted">(' + s.pts.length + ')</span></span>';
    }).join('');
    host.innerHTML = (chart.title ? '<div class="chart-title">' + esc(chart.title) + '</div>' : '') + toggle +
      '<div class="legend">' + legend + '</div><div class="chart-box"><svg class="chart" width="' + W + '" height="' + H +
      '" viewBox="0 0 ' + W + ' ' + H + '">' + g.join('') + '<line class="cursor" y1="' + m.t + '" y2="' + (H - m.b) + '" hidden/></svg>' +
      '<div class="chart-tip" hidden></div></div>';
    var svg = $('svg', host), tip = $('.chart-tip', host), cursor = $('.cursor', host);
    svg.addEventListener('mousemove', function (e) {
      var r = svg.getBoundingClientRect(), px = e.clientX - r.left;
      var xv = xl + (px - m.l) / (W - m.l - m.r) * (xh - xl);
      var rows = series.map(function (s, i) {
        var lo = 0, hi = s.pts.length - 1;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (s.pts[mid][0] < xv) lo = mid + 1; else hi = mid; }
        var p = s.pts[lo];
        if (lo > 0 && Math.abs(s.pts[lo - 1][0] - xv) < Math.abs(p[0] - xv)) p = s.pts[lo - 1];
        return p ? '<div><i style="background:' + SERIES[i % SERIES.length] + '"></i>' + esc(s.name) + ': <b>' + esc(fmtNum(p[1])) + '</b> <span class="muted">' + esc(time ? fmtDate(p[0]) : fmtNum(p[0])) + '</span></div>' : '';
      });
      cursor.setAttribute('x1', px); cursor.setAttribute('x2', px); cursor.removeAttribute('hidden');
      tip.hidden = false;
      tip.style.left = Math.min(px + 12, W - 200) + 'px';
      tip.innerHTML = rows.join('');
    });
    svg.addEventListener('mouseleave', function () { tip.hidden = true; cursor.setAttribute('hidden', ''); });
    wire();
  }

  // ---------- search and the node list ----------
  function searchNodes(q, limit) {
    q = q.trim().toLowerCase();
    var exact = [], prefix = [], inName = [], other = [];
    for (var i = 0; i < N.length; i++) {
      var n = N[i];
      if (n.lname === q) exact.push(i);
      else if (n.lname.indexOf(q) === 0) prefix.push(i);
      else if (n.lname.indexOf(q) >= 0) inName.push(i);
      else if (n.hay.indexOf(q) >= 0) other.push(i);
      if (exact.length + prefix.length >= limit) break;
    }
    var all = exact.concat(prefix, inName, other);
    return { hits: all.slice(0, limit), more: all.length > limit };
  }
  var showTests = false;
  function renderSidebar() {
    var q = $('#search').value, side = $('#sidebar'), html = [];
    if (q.trim()) {
      var r = searchNodes(q, 100);
      html.push('<div class="side-head">' + (r.hits.length ? r.hits.length + (r.more ? '+' : '') + ' matches' : 'no node matches') + '</div><ul class="list">');
      r.hits.forEach(function (i) { html.push('<li>' + link(N[i]) + '</li>'); });
      html.push('</ul>');
    } else {
      D.lanes.forEach(function (t) {
        var members = N.filter(function (n) { return n.type === t; });
        html.push('<details' + (t === 'test' ? '' : ' open') + '><summary>' + badge(t) + ' <span class="muted">' + members.length + '</span></summary><ul class="list">');
        members.slice(0, 300).forEach(function (n) { html.push('<li><a href="' + nodeHref(n) + '">' + esc(display(n)) + '</a></li>'); });
        if (members.length > 300) html.push('<li class="muted">… ' + (members.length - 300) + ' more: search to narrow</li>');
        html.push('</ul></details>');
      });
    }
    side.innerHTML = html.join('');
  }

  // ---------- pages ----------
  function graphUniverse() {
    var out = [];
    for (var i = 0; i < N.length; i++) if (showTests || (N[i].type !== 'test' && N[i].type !== 'unit_test')) out.push(i);
    return out;
  }
  function lineagePanel(host, initialSelect, focus) {
    host.innerHTML = '<div class="graph-tools"><label>Select <input class="selector" spellcheck="false" placeholder="e.g. +gold_grouped_returns, tag:gold, resource_type:model" value="' +
      esc(initialSelect || '') + '"></label><label class="check"><input type="checkbox" class="tests"' + (showTests ? ' checked' : '') +
      '> tests</label><span class="count muted"></span><span class="legend-types">' +
      D.lanes.map(function (t) { return badge(t); }).join(' ') + '</span></div><div class="graph-host"></div>';
    var input = $('.selector', host), count = $('.count', host), graph = null;
    function apply() {
      var ids;
      try {
        var s = select(input.value), uni = graphUniverse();
        ids = s ? uni.filter(function (i) { return s.has(i); }) : uni;
        input.classList.remove('bad');
        count.textContent = ids.length + ' of ' + N.length + ' nodes';
        if (s && !s.size) count.textContent = 'no node matches' + didYouMean(input.value);
      } catch (err) {
        input.classList.add('bad');
        count.textContent = err.message;
        return;
      }
      if (!graph) graph = new Graph($('.graph-host', host), ids, focus); else graph.setIds(ids, focus);
    }
    input.addEventListener('input', debounce(apply, 250));
    input.addEventListener('keydown', function (e) { if (e.key === 'Enter') apply(); });
    $('.tests', host).addEventListener('change', function (e) { showTests = e.target.checked; apply(); });
    apply();
  }
  function overview(main) {
    var counts = {};
    N.forEach(function (n) { counts[n.type] = (counts[n.type] || 0) + 1; });
    main.innerHTML = '<h1>' + esc(D.project) + '</h1><p class="muted">Target ' + esc(D.target.name) + ' (' + esc(D.target.type) + ')</p>' +
      '<div class="chips">' + D.lanes.map(function (t) {
        return '<a class="chip" href="' + lineageHref('resource_type:' + t) + '">' + badge(t) + ' ' + counts[t] + '</a>';
      }).join('') + '</div><section><h2>Lineage</h2><div class="lineage-panel"></div></section>';
    lineagePanel($('.lineage-panel', main), '', undefined);
  }
  function lineagePage(main, sel, focus) {
    main.innerHTML = '<h1>Lineage</h1><div class="lineage-panel tall"></div>';
    lineagePanel($('.lineage-panel', main), sel, focus);
  }
  function codeBlock(title, text) {
    return '<details class="code" open><summary>' + esc(title) + '</summary><pre><code>' + esc(text) + '</code></pre></details>';
  }
  // A node's own lineage, as a selector the reader can edit and the CLI accepts: by name when no
  // other node has it (a ksqlDB stream and its topic often share one), else by its fqn without the
  // package; a test with the node it tests.
  function nodeSelector(n) {
    var homonyms = N.filter(function (m) { return m.name === n.name && m.type !== 'test' && m.type !== 'unit_test'; }).length;
    var own = homonyms > 1 ? 'fqn:' + flatFqn(n).slice(1).join('.') : n.name;
    if (n.type === 'test' || n.type === 'unit_test') return '1+' + own;
    return '+' + (homonyms > 1 ? own : n.type === 'source' ? 'source:' + n.source + '.' + n.name :
      n.type === 'exposure' ? 'exposure:' + n.name : n.name) + '+';
  }
  function nodePage(main, i) {
    var n = N[i], h = [];
    h.push('<div class="crumbs">' + badge(n.type) + ' <span class="muted">' + esc(n.file) + '</span></div>');
    h.push('<h1>' + esc(display(n)) + '</h1>' + (display(n) !== n.name ? '<p class="muted name">' + esc(n.name) + '</p>' : ''));
    var facts = [];
    if (n.rel) facts.push('<code>' + esc(n.rel) + '</code>');
    if (n.mat) facts.push('materialized: <b>' + esc(n.mat) + '</b>');
    if (n.kind) facts.push('in target: ' + esc(n.kind));
    if ((n.tags || []).length) facts.push('tags: ' + n.tags.map(function (t) { return '<a href="' + lineageHref('tag:' + t) + '">' + esc(t) + '</a>'; }).join(', '));
    if (facts.length) h.push('<p class="facts">' + facts.join(' · ') + '</p>');
    h.push(n.desc ? '<div class="desc md">' + markdown(n.desc) + '</div>' : '<p class="desc muted">No description.</p>');
    if (n.exposure) {
      var x = n.exposure, owner = x.owner || {};
      h.push('<table class="kv"><tr><th>type</th><td>' + esc(x.type) + '</td></tr>' + (x.maturity ? '<tr><th>maturity</th><td>' + esc(x.maturity) + '</td></tr>' : '') +
        (owner.name || owner.email ? '<tr><th>owner</th><td>' + esc([owner.name, owner.email].filter(Boolean).join(' · ')) + '</td></tr>' : '') +
        (x.url ? '<tr><th>url</th><td>' + (/^https?:\/\//i.test(x.url) ? '<a href="' + esc(x.url) + '">' + esc(x.url) + '</a>' : esc(x.url)) + '</td></tr>' : '') + '</table>');
    }
    if (n.type === 'test') {
      h.push('<p>' + (n.test ? 'Generic test <b>' + esc(n.test) + '</b>' : 'Singular test') + (n.attached !== undefined ? ' on ' + link(N[n.attached]) : '') +
        (n.column ? ', column <code>' + esc(n.column) + '</code>' : '') + '</p>');
    }
    if (n.type === 'unit_test' && n.unit) {
      h.push('<p>Unit test of ' + (n.attached !== undefined ? link(N[n.attached]) : '') + ': ' + (n.unit.expect === null ? 'the rows of a query' : n.unit.expect + ' expected row' + (n.unit.expect === 1 ? '' : 's')) + ' from ' +
        (n.unit.given.length ? n.unit.given.map(function (g) { return '<code>' + esc(g) + '</code>'; }).join(', ') : 'no inputs') + '</p>');
    }
    var selector = nodeSelector(n);
    h.push('<section><h2>Lineage <a class="small" href="' + lineageHref(selector, n.id) + '">open in the full graph</a></h2><div class="lineage-panel"></div></section>');
    if (n.chart) h.push('<section><h2>Chart <span class="muted small">' + esc((n.chart.ys || [n.chart.y]).join(' / ')) + ' by ' + esc(n.chart.x) + (n.chart.colour ? ', one line per ' + esc(n.chart.colour) : '') + '</span></h2><div class="chart-host"></div></section>');
    if ((n.columns || []).length) {
      h.push('<section><h2>Columns</h2><table class="cols"><thead><tr><th>column</th><th>type</th><th>description</th><th>tests</th></tr></thead><tbody>');
      n.columns.forEach(function (c) {
        h.push('<tr' + (c.missing ? ' class="missing" title="documented, but not in the target"' : '') + '><td><code>' + esc(c.name) + '</code></td><td>' + esc(c.type || '') +
          '</td><td class="md">' + markdown(c.desc) + '</td><td>' + (c.tests || []).map(function (t) { return '<a class="test" href="' + nodeHref(N[t.node]) + '">' + esc(t.name) + '</a>'; }).join(' ') + '</td></tr>');
      });
      h.push('</tbody></table></section>');
    }
    if ((n.unit_tests || []).length) h.push('<section><h2>Unit tests</h2><ul class="list">' + n.unit_tests.map(function (t) { return '<li>' + link(N[t.node]) + '</li>'; }).join('') + '</ul></section>');
    if ((n.tests || []).length) h.push('<section><h2>Tests</h2><ul class="list">' + n.tests.map(function (t) { return '<li>' + link(N[t.node]) + '</li>'; }).join('') + '</ul></section>');
    var parents = n.parents.map(function (p) { return '<li>' + link(N[p]) + '</li>'; }).join('');
    var children = n.children.map(function (c) { return '<li>' + link(N[c]) + '</li>'; }).join('');
    h.push('<section class="two"><div><h2>Depends on</h2>' + (parents ? '<ul class="list">' + parents + '</ul>' : '<p class="muted">nothing</p>') +
      '</div><div><h2>Referenced by</h2>' + (children ? '<ul class="list">' + children + '</ul>' : '<p class="muted">nothing</p>') + '</div></section>');
    if (n.config || n.meta) h.push('<section><h2>Config</h2><pre><code>' + esc(JSON.stringify(Object.assign({}, n.config || {}, n.meta ? { meta: n.meta } : {}), null, 2)) + '</code></pre></section>');
    if (n.raw || n.sql) {
      h.push('<section><h2>Code</h2>');
      if (n.raw) h.push(codeBlock('Source', n.raw));
      if (n.sql) h.push(codeBlock('Compiled', n.sql));
      h.push('</section>');
    }
    main.innerHTML = h.join('');
    var wasTests = showTests;
    if (n.type === 'test' || n.type === 'unit_test') showTests = true;
    lineagePanel($('.lineage-panel', main), selector, i);
    showTests = wasTests;
    if (n.chart) lineChart($('.chart-host', main), n.chart);
  }

  function route() {
    var hash = location.hash || '', main = $('#main');
    var m = /^#!\/node\/(.+)$/.exec(hash);
    if (m) m[1] = decodeURIComponent(m[1]);
    window.scrollTo(0, 0);
    if (m && byId.has(m[1])) { document.title = N[byId.get(m[1])].name + ' · ' + D.project; nodePage(main, byId.get(m[1])); }
    else if (m) main.innerHTML = '<h1>Not found</h1><p>No node <code>' + esc(m[1]) + '</code> in this project.</p>';
    else if (/^#!\/lineage/.test(hash)) {
      var q = {};
      (location.hash.split('?')[1] || '').split('&').forEach(function (kv) {
        var at = kv.indexOf('=');
        if (at > 0) q[kv.slice(0, at)] = decodeURIComponent(kv.slice(at + 1));
      });
      document.title = 'Lineage · ' + D.project;
      lineagePage(main, q.select || '', byId.has(q.focus) ? byId.get(q.focus) : undefined);
    }
    else { document.title = D.project + ' · swiftdbt docs'; overview(main); }
    document.body.setAttribute('data-route', hash || '#!/');
  }

  function start() {
    $('#project').textContent = D.project;
    var search = $('#search');
    search.addEventListener('input', debounce(renderSidebar, 80));
    search.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { var r = searchNodes(search.value, 1); if (r.hits.length) location.hash = nodeHref(N[r.hits[0]]); }
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === '/' && document.activeElement !== search && !/input|textarea/i.test(document.activeElement.tagName)) { e.preventDefault(); search.focus(); }
    });
    window.addEventListener('hashchange', route);
    renderSidebar();
    route();
    document.body.setAttribute('data-ready', 'true');
  }
  window.swiftdbtDocs = { select: select, layout: layout, searchNodes: searchNodes, nodeSelector: nodeSelector };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();