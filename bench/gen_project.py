#!/usr/bin/env python3
"""Writes a synthetic, layered project of N SQL models for the benchmarks (standard library only).

    python3 bench/gen_project.py --flavour swiftdbt -n 10000 --out DIR   # project.yml, `<< >>` tags
    python3 bench/gen_project.py --flavour dbt      -n 1000  --out DIR   # the same project for dbt-core
    python3 bench/gen_project.py --flavour raw-sql  -n 500   --out DIR   # resolved statements, DAG order
    (--raw-sql is short for --flavour raw-sql)

The three flavours hold the same models, DAG, SQL and tests for a given --models/--seed/--ticks/--symbols,
so a timing of one tool compares with another's. The shape:

  source  raw.ticks, a DuckDB table of --ticks rows over --symbols symbols, made by setup.sql
  seed    seeds/symbol_groups.csv (symbol_v, group_id, group_name), at most 20 rows
  bronze  ~30% of the models: views at tick grain, over the source or over up to 3 layers of bronze
  silver  ~40%: tables at symbol-day grain over 1-3 earlier bronze/silver models and the seed
  gold    ~30%: tables over 1-3 silver/gold models (windows, ranks, shares)
  YAML    one property file per layer folder with descriptions; about a fifth of the models carry
          unique / not_null data tests

Files: swiftdbt and dbt write their project file, profiles.yml (a duckdb target at DIR/warehouse.duckdb),
models/<layer>/*.sql with _<layer>__models.yml, models/sources.yml, seeds/ and setup.sql (dbt also
macros/setup_raw.sql for `dbt run-operation setup_raw`). raw-sql writes setup.sql (source and seed
table), models.sql (one `create or replace view|table` per model in DAG order) and raw.sql (both), e.g.
`duckdb DIR/engine.duckdb < DIR/raw.sql` (a database file named raw.duckdb would clash with schema raw).
"""

import argparse
import os
import random
import sys

PROJECT = "bench"
TARGET_SCHEMA = "main"
RAW_SCHEMA = "raw"
TOPICS = ("trades quotes fills orders venue spread momentum liquidity volatility flow imbalance depth "
          "returns turnover exposure risk signal basket sector session").split()
VENUES = ("XNAS", "XNYS", "ARCX", "BATS", "IEXG")
GROUP_NAMES = ("technology", "energy", "financials", "healthcare", "industrials")
TICK_COLUMNS = ("tick_id", "symbol_v", "ts", "trade_date", "price", "qty", "side", "venue", "bid", "ask",
                "spread", "notional")
DAY_COLUMNS = ("symbol_v", "trade_date", "n_trades", "volume", "notional", "vwap", "open_px", "close_px",
               "high_px", "low_px", "avg_spread")
BRONZE_MAX_DEPTH = 3
COLUMN_DOCS = {"tick_id": "Tick identifier from the feed.", "symbol_v": "Venue symbol.",
               "sk": "Surrogate key symbol_v|trade_date.", "trade_date": "Trading date."}


class Tags:
    """How each flavour spells ref/source/config; raw-sql resolves them to relation names."""

    def __init__(self, flavour):
        self.open, self.close = {"dbt": ("{{ ", " }}"), "swiftdbt": ("<< ", " >>")}.get(flavour, (None, None))

    def call(self, text, resolved):
        return resolved if self.open is None else self.open + text + self.close

    def ref(self, name):
        return self.call("ref('%s')" % name, "%s.%s" % (TARGET_SCHEMA, name))

    def ticks(self):
        return self.call("source('raw','ticks')", "%s.ticks" % RAW_SCHEMA)

    def table_config(self):
        return "" if self.open is None else self.call("config(materialized='table')", "") + "\n\n"


class Node:
    def __init__(self, name, layer, kind, parents, knobs):
        self.name, self.layer, self.kind, self.parents, self.knobs = name, layer, kind, parents, knobs
        self.depth = 0
        self.tests = []
        self.description = ""


def plan(count, seed):
    """The DAG, independent of the flavour: every random choice is made here, in a fixed order."""
    rng = random.Random(seed)
    sizes = {"bronze": max(1, round(count * 0.3)), "silver": max(1, round(count * 0.4))}
    sizes["gold"] = max(0, count - sizes["bronze"] - sizes["silver"])
    nodes, by_name = [], {}
    bronze, silver, upper = [], [], []

    def add(prefix, index, layer, kind, parents, knobs):
        node = Node("%s_%s_%05d" % (prefix, rng.choice(TOPICS), index), layer, kind, parents, knobs)
        nodes.append(node)
        by_name[node.name] = node
        return node

    for i in range(sizes["bronze"]):
        shallow = [b for b in bronze if by_name[b].depth < BRONZE_MAX_DEPTH]
        roll = rng.random()
        if not shallow or roll < 0.5:
            kind, parents = "clean", []
        elif roll < 0.85 or len(shallow) < 2:
            kind, parents = rng.choice(("filter", "dedupe")), [rng.choice(shallow)]
        else:
            kind, parents = "union", rng.sample(shallow, 2)
        knobs = {"venues": sorted(rng.sample(VENUES, rng.randint(2, 4))), "min_qty": rng.choice((1, 5, 10, 25)),
                 "from_hour": rng.choice((9, 10, 11)), "to_hour": rng.choice((14, 15, 16)),
                 "max_spread": rng.choice((0.05, 0.08, 0.1, 0.2)), "side": rng.choice(("B", "S", None)),
                 "digits": rng.choice((2, 3, 4))}
        node = add("brz", i, "bronze", kind, parents, knobs)
        node.depth = 1 + max([by_name[p].depth for p in parents] or [0])
        node.description = "Bronze %s view over %s (tick grain)." % (kind, ", ".join(parents) or "raw.ticks")
        bronze.append(node.name)

    for i in range(sizes["silver"]):
        width = rng.choice((1, 1, 2, 2, 3))
        main = rng.choice(silver) if silver and rng.random() >= 0.55 else rng.choice(bronze)
        others = [x for x in bronze + silver if x != main]
        parents = [main] + rng.sample(others, min(len(others), width - 1))
        kind = rng.choice(("daily", "window", "join"))
        node = add("slv", i, "silver", kind, parents, {"window": rng.choice((3, 5, 10)),
                                                        "min_trades": rng.choice((1, 5, 10, 20))})
        node.description = "Silver %s model (symbol-day grain) built from %s." % (kind, ", ".join(parents))
        silver.append(node.name)
        upper.append(node.name)

    for i in range(sizes["gold"]):
        parents = rng.sample(upper, min(len(upper), rng.choice((1, 2, 2, 3))))
        kind = rng.choice(("share", "rolling", "rank", "group"))
        node = add("gld", i, "gold", kind, parents, {"window": rng.choice((5, 10, 20)), "top": rng.choice((3, 5, 10))})
        node.description = "Gold %s mart (symbol-day grain) over %s." % (kind, ", ".join(parents))
        upper.append(node.name)

    for node in nodes:
        if rng.random() < 0.2:
            key = "tick_id" if node.layer == "bronze" else "sk"
            other = "symbol_v" if node.layer == "bronze" else "trade_date"
            node.tests = [(key, "unique"), (key, "not_null"), (other, "not_null")]
    return nodes, by_name


def indent(columns, pad):
    return (",\n" + " " * pad).join(columns)


def bronze_sql(node, tags):
    k = node.knobs
    venues = ", ".join("'%s'" % v for v in k["venues"])
    if node.kind == "clean":
        return f"""with src as (
    select * from {tags.ticks()}
),

cleaned as (
    select tick_id, upper(trim(symbol_v)) as symbol_v, ts, cast(ts as date) as trade_date,
           round(price, {k["digits"]}) as price, qty, side, venue, bid, ask
    from src
    where price > 0 and qty >= {k["min_qty"]} and venue in ({venues}) and ask >= bid
)

select *, round(ask - bid, 6) as spread, price * qty as notional
from cleaned
"""
    if node.kind == "filter":
        side = "\n  and side = '%s'" % k["side"] if k["side"] else ""
        return f"""-- trading-hours and spread filter over an upstream bronze view
with upstream as (
    select
        {indent(TICK_COLUMNS, 8)}
    from {tags.ref(node.parents[0])}
)

select {", ".join(TICK_COLUMNS)}
from upstream
where extract(hour from ts) between {k["from_hour"]} and {k["to_hour"]}
  and spread <= {k["max_spread"]}{side}
"""
    if node.kind == "dedupe":
        return f"""-- the latest version of each tick, with one spelling of the side
with upstream as (
    select * from {tags.ref(node.parents[0])} where venue in ({venues})
),

numbered as (
    select *, row_number() over (partition by tick_id order by ts desc) as version_rank
    from upstream
)

select tick_id, symbol_v, ts, trade_date, price, qty,
       case when side in ('B', 'BUY') then 'B' else 'S' end as side,
       venue, bid, ask, spread, notional
from numbered
where version_rank = 1
"""
    columns = ", ".join(TICK_COLUMNS)
    return f"""-- two bronze feeds, one row per tick_id (the first feed wins)
with feeds as (
    select {columns}, 1 as feed from {tags.ref(node.parents[0])}
    union all
    select {columns}, 2 as feed from {tags.ref(node.parents[1])}
)

select {columns}
from feeds
qualify row_number() over (partition by tick_id order by feed) = 1
"""


def day_input(alias, ref, layer):
    """A CTE at symbol-day grain over any layer's model."""
    if layer == "bronze":
        return f"""{alias} as (
    select symbol_v, trade_date, count(*) as n_trades, sum(qty) as volume, sum(notional) as notional,
           sum(notional) / nullif(sum(qty), 0) as vwap, arg_min(price, ts) as open_px,
           arg_max(price, ts) as close_px, max(price) as high_px, min(price) as low_px,
           avg(spread) as avg_spread
    from {ref}
    group by symbol_v, trade_date
)"""
    return f"""{alias} as (
    select {", ".join(DAY_COLUMNS)}
    from {ref}
)"""


def side_input(alias, ref, layer):
    """A narrow symbol-day summary of a secondary input: volume and a price."""
    if layer == "bronze":
        return (f"{alias} as (\n    select symbol_v, trade_date, sum(qty) as volume, avg(price) as px\n"
                f"    from {ref}\n    group by symbol_v, trade_date\n)")
    return f"{alias} as (\n    select symbol_v, trade_date, volume, vwap as px from {ref}\n)"


def silver_sql(node, tags, by_name):
    k = node.knobs
    ctes = [day_input("daily", tags.ref(node.parents[0]), by_name[node.parents[0]].layer)]
    joins, sides = "", []
    for i, parent in enumerate(node.parents[1:], start=1):
        alias = "s%d" % i
        ctes.append(side_input(alias, tags.ref(parent), by_name[parent].layer))
        joins += f"\nleft join {alias} on {alias}.symbol_v = d.symbol_v and {alias}.trade_date = d.trade_date"
        sides.append(alias)
    ctes.append(f"groups as (\n    select symbol_v, group_id, group_name from {tags.ref('symbol_groups')}\n)")
    rows = "rows between %d preceding and current row" % (k["window"] - 1)
    by_day = "over (partition by d.symbol_v order by d.trade_date"
    if node.kind == "daily":
        m1 = f"d.close_px / nullif(lag(d.close_px) {by_day}), 0) - 1"
        m2 = f"avg(d.volume) {by_day} {rows})"
    elif node.kind == "window":
        m1 = "(d.high_px - d.low_px) / nullif(d.vwap, 0)"
        m2 = f"stddev_samp(d.vwap) {by_day} {rows})"
    elif sides:
        m1 = "d.vwap - coalesce(%s.px, d.vwap)" % sides[0]
        m2 = "d.volume / nullif(%s, 0)" % " + ".join(["coalesce(%s.volume, 0)" % s for s in sides] + ["d.volume"])
    else:
        m1 = "d.vwap - avg(d.vwap) over (partition by g.group_id, d.trade_date)"
        m2 = "d.volume / nullif(sum(d.volume) over (partition by d.trade_date), 0)"
    return "with " + ",\n\n".join(ctes) + f"""

select
    d.symbol_v || '|' || cast(d.trade_date as varchar) as sk,
    d.symbol_v, d.trade_date,
    coalesce(g.group_id, 0) as group_id, coalesce(g.group_name, 'ungrouped') as group_name,
    d.n_trades, d.volume, d.notional, d.vwap, d.open_px, d.close_px, d.high_px, d.low_px, d.avg_spread,
    {m1} as metric_1,
    {m2} as metric_2
from daily as d
left join groups as g on g.symbol_v = d.symbol_v{joins}
where d.n_trades >= {k["min_trades"]}
"""


def gold_sql(node, tags):
    k = node.knobs
    ctes = [f"""base as (
    select symbol_v, trade_date, group_id, group_name, n_trades, volume, notional, vwap,
           open_px, close_px, high_px, low_px, avg_spread
    from {tags.ref(node.parents[0])}
)"""]
    joins, sides = "", []
    for i, parent in enumerate(node.parents[1:], start=1):
        alias = "s%d" % i
        ctes.append(side_input(alias, tags.ref(parent), "silver"))
        joins += f"\n    left join {alias} on {alias}.symbol_v = b.symbol_v and {alias}.trade_date = b.trade_date"
        sides.append(alias)
    volume = " + ".join(["b.volume"] + ["coalesce(%s.volume, 0)" % s for s in sides])
    if node.kind == "share":
        scored = f"""    select b.*,
           b.volume / nullif(sum(b.volume) over (partition by b.group_id, b.trade_date), 0) as m1,
           ({volume}) / nullif(sum({volume}) over (partition by b.trade_date), 0) as m2
    from base as b{joins}"""
    elif node.kind == "rolling":
        scored = f"""    select b.*,
           b.close_px / nullif(first_value(b.close_px) over w, 0) - 1 as m1,
           stddev_samp(b.close_px / nullif(b.open_px, 0) - 1) over w as m2
    from base as b{joins}
    window w as (partition by b.symbol_v order by b.trade_date rows between {k["window"] - 1} preceding and current row)"""
    elif node.kind == "rank":
        scored = f"""    select b.*,
           cast(rank() over (partition by b.trade_date order by {volume} desc) as double) as m1,
           cast(dense_rank() over (partition by b.group_id, b.trade_date order by b.notional desc) as double) as m2
    from base as b{joins}
    qualify rank() over (partition by b.trade_date order by b.notional desc) <= {k["top"] * 4}"""
    else:
        ctes.append("""per_group as (
    select group_id, trade_date, sum(notional) as group_notional, avg(vwap) as group_vwap
    from base
    group by group_id, trade_date
)""")
        scored = f"""    select b.*,
           b.notional / nullif(pg.group_notional, 0) as m1,
           ({volume}) / nullif(b.volume, 0) * (b.vwap / nullif(pg.group_vwap, 0)) as m2
    from base as b
    join per_group as pg on pg.group_id = b.group_id and pg.trade_date = b.trade_date{joins}"""
    ctes.append("scored as (\n" + scored + "\n)")
    return "with " + ",\n\n".join(ctes) + """

select
    symbol_v || '|' || cast(trade_date as varchar) as sk,
    symbol_v, trade_date, group_id, group_name, n_trades, volume, notional, vwap,
    open_px, close_px, high_px, low_px, avg_spread, m1 as metric_1, m2 as metric_2
from scored
"""


def model_sql(node, tags, by_name):
    if node.layer == "bronze":
        return bronze_sql(node, tags)
    body = silver_sql(node, tags, by_name) if node.layer == "silver" else gold_sql(node, tags)
    return tags.table_config() + body


def groups(symbols):
    return [("SYM%02d" % (i + 1),) + (i % len(GROUP_NAMES) + 1, GROUP_NAMES[i % len(GROUP_NAMES)])
            for i in range(min(20, symbols))]


def setup_sql(ticks, symbols, with_seed):
    """raw.ticks from range(): 250 ticks per symbol and trading day, prices spread by symbol."""
    days = symbols * 250
    price = "20 + (i %% %d) * 7.5 + (hash(i) %% 1000) / 100.0" % symbols
    venue_list = ", ".join("'%s'" % v for v in VENUES)
    lines = [f"-- source table raw.ticks: {ticks} ticks over {symbols} symbols",
             f"create schema if not exists {RAW_SCHEMA};",
             f"""create or replace table {RAW_SCHEMA}.ticks as
select
    i as tick_id,
    'SYM' || lpad(cast(i % {symbols} + 1 as varchar), 2, '0') as symbol_v,
    timestamp '2024-01-02 09:30:00' + to_days(cast(i // {days} as integer))
        + to_seconds(cast((i // {symbols}) % 250 * 90 as bigint)) as ts,
    round({price}, 4) as price,
    cast(1 + hash(i * 31) % 500 as integer) as qty,
    case when hash(i * 7) % 2 = 0 then 'B' else 'S' end as side,
    ([{venue_list}])[1 + cast(hash(i * 13) % {len(VENUES)} as integer)] as venue,
    round({price} - 0.01 * (1 + hash(i * 3) % 5), 4) as bid,
    round({price} + 0.01 * (1 + hash(i * 5) % 5), 4) as ask
from range({ticks}) as t(i);"""]
    if with_seed:
        rows = ",\n    ".join("('%s', %d, '%s')" % g for g in groups(symbols))
        lines += ["-- seed symbol_groups",
                  f"create or replace table {TARGET_SCHEMA}.symbol_groups as\nselect * from (values\n    {rows}\n)"
                  " as t(symbol_v, group_id, group_name);"]
    return "\n".join(lines) + "\n"


def quoted(text):
    return "'" + text.replace("'", "''") + "'"


def layer_yaml(nodes, layer):
    out = ["version: 2", "", "models:"]
    for node in (n for n in nodes if n.layer == layer):
        out += ["  - name: " + node.name, "    description: " + quoted(node.description)]
        columns = list(dict.fromkeys(c for c, _ in node.tests))
        if columns:
            out.append("    columns:")
        for column in columns:
            out += ["      - name: " + column, "        description: " + quoted(COLUMN_DOCS[column]),
                    "        data_tests:"]
            out += ["          - " + test for c, test in node.tests if c == column]
    return "\n".join(out) + "\n"


SOURCES_YAML = f"""version: 2

sources:
  - name: raw
    schema: {RAW_SCHEMA}
    description: 'Raw market data landed by the ingestion job.'
    tables:
      - name: ticks
        description: 'One row per trade tick.'
        columns:
          - name: tick_id
            description: 'Tick identifier.'
          - name: symbol_v
            description: 'Venue symbol.'
"""

SEEDS_YAML = """version: 2

seeds:
  - name: symbol_groups
    description: 'Static symbol to group mapping.'
    config:
      column_types:
        symbol_v: varchar
        group_id: integer
        group_name: varchar
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def profiles_yaml(out):
    database = os.path.join(os.path.abspath(out), "warehouse.duckdb")
    return f"""{PROJECT}:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: '{database}'
      schema: {TARGET_SCHEMA}
      threads: 4
"""


def emit_project(out, nodes, by_name, args, flavour):
    tags = Tags(flavour)
    if flavour == "dbt":
        write(os.path.join(out, "dbt_project.yml"), f"""name: '{PROJECT}'
version: '1.0.0'
config-version: 2
profile: '{PROJECT}'

model-paths: ["models"]
seed-paths: ["seeds"]
macro-paths: ["macros"]
test-paths: ["tests"]
target-path: "target"
clean-targets: ["target", "dbt_packages"]

flags:
  send_anonymous_usage_stats: false

models:
  {PROJECT}:
    bronze:
      +materialized: view
    silver:
      +materialized: table
    gold:
      +materialized: table
""")
        setup = setup_sql(args.ticks, args.symbols, with_seed=False)
        write(os.path.join(out, "macros", "setup_raw.sql"),
              "{% macro setup_raw() %}\n{% call statement('setup_raw') %}\n" + setup
              + "{% endcall %}\n{% do adapter.commit() %}\n{% endmacro %}\n")
    else:
        write(os.path.join(out, "project.yml"), f"""name: {PROJECT}
profile: {PROJECT}
model-paths: [models]
seed-paths: [seeds]
models:
  bronze:
    materialized: view
  silver:
    materialized: table
  gold:
    materialized: table
""")
    write(os.path.join(out, "profiles.yml"), profiles_yaml(out))
    for node in nodes:
        write(os.path.join(out, "models", node.layer, node.name + ".sql"), model_sql(node, tags, by_name))
    for layer in ("bronze", "silver", "gold"):
        write(os.path.join(out, "models", layer, "_%s__models.yml" % layer), layer_yaml(nodes, layer))
    write(os.path.join(out, "models", "sources.yml"), SOURCES_YAML)
    write(os.path.join(out, "seeds", "symbol_groups.csv"),
          "symbol_v,group_id,group_name\n" + "".join("%s,%d,%s\n" % g for g in groups(args.symbols)))
    write(os.path.join(out, "seeds", "_seeds.yml"), SEEDS_YAML)
    write(os.path.join(out, "setup.sql"), setup_sql(args.ticks, args.symbols, with_seed=False))


def emit_raw(out, nodes, by_name, args):
    tags = Tags("raw-sql")
    statements = []
    for node in nodes:
        kind = "view" if node.layer == "bronze" else "table"
        body = model_sql(node, tags, by_name).rstrip()
        statements.append(f"-- {node.name} ({node.layer})\ncreate or replace {kind} {TARGET_SCHEMA}.{node.name} as (\n{body}\n);")
    models = "\n\n".join(statements) + "\n"
    setup = setup_sql(args.ticks, args.symbols, with_seed=True)
    write(os.path.join(out, "setup.sql"), setup)
    write(os.path.join(out, "models.sql"), models)
    write(os.path.join(out, "raw.sql"), f"-- bench/gen_project.py --flavour raw-sql --models {len(nodes)} --seed {args.seed}\n"
          "-- run: duckdb engine.duckdb < raw.sql   (not raw.duckdb: its catalog would clash with schema raw)\n"
          + setup + "\n" + models)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Writes a synthetic layered SQL-model project for the benchmarks.")
    ap.add_argument("--flavour", "--flavor", choices=("dbt", "swiftdbt", "raw-sql"))
    ap.add_argument("--raw-sql", action="store_true", help="short for --flavour raw-sql")
    ap.add_argument("--models", "-n", type=int, required=True, help="number of models (at least 3)")
    ap.add_argument("--out", "-o", required=True, help="folder to write into")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--ticks", type=int, default=200000, help="rows of raw.ticks (default 200000)")
    ap.add_argument("--symbols", type=int, default=40, help="distinct symbols (default 40)")
    args = ap.parse_args(argv)
    flavour = "raw-sql" if args.raw_sql else args.flavour
    if flavour is None:
        ap.error("say --flavour dbt|swiftdbt|raw-sql (or --raw-sql)")
    if args.models < 3:
        ap.error("--models must be at least 3")
    nodes, by_name = plan(args.models, args.seed)
    os.makedirs(args.out, exist_ok=True)
    if flavour == "raw-sql":
        emit_raw(args.out, nodes, by_name, args)
    else:
        emit_project(args.out, nodes, by_name, args, flavour)
    per_layer = {layer: sum(1 for n in nodes if n.layer == layer) for layer in ("bronze", "silver", "gold")}
    print("%s: %d models (bronze %d, silver %d, gold %d), %d data tests -> %s"
          % (flavour, len(nodes), per_layer["bronze"], per_layer["silver"], per_layer["gold"],
             sum(len(n.tests) for n in nodes), args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
