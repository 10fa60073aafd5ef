#!/usr/bin/env python3
"""The SQL side of swiftdbt's fake Athena (Sources/SDFakeAWS/FakeSQLSidecar.swift starts it).

One JSON request per line on stdin, one JSON answer per line on stdout. A request carries one
statement, the Glue catalog as the fake holds it (tables with their Hive column types, views with
their text) and the rows of the tables that changed since the last request. The answer is either
the rows of the statement's query part (the SELECT of a CTAS, INSERT or view, the USING source of
a MERGE, or the SELECT itself), typed, or an error in Athena's own shape.

Why this way (docs/athena.md, "The fake's SQL"): statements are parsed by sqlglot's Athena dialect
(Trino grammar for DML, Hive for DDL), checked against Athena engine v3's documented names
(functions-env3.html points at Trino's function list; data-types.html for types), then transpiled
to DuckDB by sqlglot and run on an in-memory DuckDB that mirrors the fake's tables, so CTAS,
INSERT, MERGE sources, views, data tests and plain SELECTs compute real rows.

Errors follow the Athena error catalog (error-reference.html): ErrorCategory 2 (USER) with
ErrorType 1000 (user error) or 1003 (DDL task failed); a query the fake itself cannot run is
category 1 (SYSTEM), type 200, and says so.
"""
import atexit
import datetime
import decimal
import json
import os
import re
import shutil
import sys
import tempfile

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify
from sqlglot.tokens import TokenType

CATALOG = "awsdatacatalog"
# Everything this process writes to disk lives here and goes when it exits (its parent closing
# stdin ends it), including the Parquet copies the fake makes for it (FakeSQLSidecar.scratch).
ROOT = tempfile.mkdtemp(prefix="swiftdbt-fake-athena-")
atexit.register(shutil.rmtree, ROOT, True)

# Trino's function list (trino.io/docs/current/functions/list.html), which Athena engine v3
# follows (docs.aws.amazon.com/athena/latest/ug/functions-env3.html), plus Athena's own
# invoker_principal and the call-like keywords the tokenizer reports as names.
TRINO_FUNCTIONS = set("""
abs acos all_match any_match any_value approx_distinct approx_most_frequent approx_percentile approx_set arbitrary
array_agg array_distinct array_except array_histogram array_intersect array_join array_max array_min array_position
array_remove array_sort array_union arrays_overlap asin at_timezone atan atan2 avg bar beta_cdf bing_tile bitwise_and
bitwise_and_agg bitwise_left_shift bitwise_not bitwise_or bitwise_or_agg bitwise_right_shift bitwise_right_shift_arithmetic
bitwise_xor bool_and bool_or cardinality cast cbrt ceil ceiling char2hexint checksum chr classify codepoint color combinations
concat concat_ws contains contains_sequence corr cos cosh cosine_similarity count count_if covar_pop covar_samp crc32
cume_dist current_catalog current_date current_groups current_path current_role current_schema current_time
current_timestamp current_timezone current_user date date_add date_diff date_format date_parse date_trunc day day_of_month
day_of_week day_of_year degrees dense_rank dow doy e element_at empty_approx_set evaluate_classifier_predictions
every exp extract features filter first_value flatten floor format format_datetime format_number from_base from_base32
from_base64 from_base64url from_big_endian_32 from_big_endian_64 from_encoded_polyline from_geojson_geometry from_hex
from_ieee754_32 from_ieee754_64 from_iso8601_date from_iso8601_timestamp from_iso8601_timestamp_nanos from_unixtime
from_unixtime_nanos from_utf8 geometric_mean greatest hamming_distance hash_counts histogram hmac_md5 hmac_sha1
hmac_sha256 hmac_sha512 hour human_readable_seconds if index infinity inverse_beta_cdf inverse_normal_cdf is_finite
is_infinite is_json_scalar is_nan jaccard_index json_array json_array_contains json_array_get json_array_length
json_exists json_extract json_extract_scalar json_format json_object json_parse json_query json_size json_value kurtosis
lag last_day_of_month last_value lead learn_classifier learn_libsvm_classifier learn_libsvm_regressor learn_regressor
least length levenshtein_distance listagg ln localtime localtimestamp log log10 log2 lower lpad ltrim luhn_check
make_set_digest map map_agg map_concat map_entries map_filter map_from_entries map_keys map_union map_union_sum
map_values map_zip_with max max_by md5 merge merge_set_digest millisecond min min_by minute mod month multimap_agg
multimap_from_entries murmur3 nan ngrams none_match normal_cdf normalize now nth_value ntile nullif numeric_histogram
objectid parse_data_size parse_datetime parse_duration percent_rank pi position pow power quarter radians rand random
rank reduce reduce_agg regexp_count regexp_extract regexp_extract_all regexp_like regexp_position regexp_replace
regexp_split regr_intercept regr_slope regress render repeat replace reverse rgb round row_number rpad rtrim second
sequence sha1 sha256 sha512 shuffle sign simplify_geometry sin sinh skewness slice soundex spooky_hash_v2_32
spooky_hash_v2_64 split split_part split_to_map split_to_multimap spooky starts_with stddev stddev_pop stddev_samp
strpos substr substring sum tan tanh tdigest_agg timestamp_objectid timezone_hour timezone_minute to_base to_base32
to_base64 to_base64url to_big_endian_32 to_big_endian_64 to_char to_date to_encoded_polyline to_geojson_geometry
to_hex to_ieee754_32 to_ieee754_64 to_iso8601 to_milliseconds to_timestamp to_unixtime to_utf8 transform
transform_keys transform_values translate trim trim_array truncate try try_cast typeof upper url_decode url_encode
url_extract_fragment url_extract_host url_extract_parameter url_extract_path url_extract_port url_extract_protocol
url_extract_query uuid value_at_quantile values_at_quantiles var_pop var_samp variance week week_of_year
width_bucket wilson_interval_lower wilson_interval_upper with_timezone word_stem xxhash64 year year_of_week yow zip
zip_with invoker_principal coalesce exists
""".split())

# Trino type names (trino.io/docs/current/language/types.html; Athena data-types.html, "DML").
# Athena's DML has no `string`: "Unknown type: string" is what dbt-athena maps away.
TRINO_TYPES = set("""
boolean tinyint smallint integer int bigint real double decimal varchar char varbinary json date time timestamp
interval array map row ipaddress uuid hyperloglog p4hyperloglog qdigest tdigest setdigest with zone year month day
hour minute second to
""".split())

# Hive DDL column types (data-types.html, "DDL"); varchar and char need a length there.
HIVE_TYPES = set("boolean tinyint smallint int integer bigint float double decimal char varchar string binary date timestamp "
                 "array map struct".split())

# CTAS table properties (create-table-as.html, "CTAS table properties").
CTAS_PROPERTIES = set("""
table_type external_location location is_external format partitioned_by partitioning bucketed_by bucket_count
write_compression orc_compression parquet_compression compression_level field_delimiter
vacuum_min_snapshots_to_keep vacuum_max_snapshot_age_seconds vacuum_max_metadata_files_to_keep
optimize_rewrite_min_data_file_size_bytes optimize_rewrite_max_data_file_size_bytes
optimize_rewrite_data_file_threshold optimize_rewrite_delete_file_threshold
""".split())

HIVE_DDL = re.compile(r"^\s*(create\s+external\s+table|create\s+(database|schema)|drop\s+(table|database|schema)|"
                      r"alter\s+table|msck|show|describe)", re.I | re.S)
# A CREATE TABLE is a CTAS (Trino DML) when a query follows AS; otherwise it is Hive DDL (create-table.html).
CTAS = re.compile(r"^\s*create\s+table\s+[^(]*?(\bas\s*[(]*\s*(select|with|values)\b|\bwith\s*\(.*?\)\s*as\s*[(]*\s*(select|with|values)\b)",
                  re.I | re.S)
FIRST_WORDS = {"select", "with", "create", "insert", "merge", "drop", "alter", "values", "show", "describe", "explain",
               "msck", "delete", "update", "unload", "(", "table"}


class AthenaError(Exception):
    def __init__(self, message, error_type=1000, category=2):
        super().__init__(message)
        self.message, self.error_type, self.category = message, error_type, category


def position(sql, offset):
    """1-based line:column of a character offset, as Athena prints it."""
    before = sql[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def token_start(token):
    return token.start


def outside_strings(sql):
    """Offsets of characters outside '…' literals and -- comments."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "'":
            i += 1
            while i < n and not (sql[i] == "'" and not sql[i + 1:i + 2] == "'"):
                i += 2 if sql[i] == "'" else 1
            i += 1
            continue
        if sql.startswith("--", i):
            while i < n and sql[i] != "\n":
                i += 1
            continue
        out.append(i)
        i += 1
    return out


def without_leading_comments(sql):
    """The statement after any leading `--` and `/* */` comments, which Athena accepts."""
    s = sql.lstrip()
    while s.startswith("--") or s.startswith("/*"):
        end = s.find("\n") if s.startswith("--") else s.find("*/")
        s = "" if end < 0 else s[end + (1 if s.startswith("--") else 2):].lstrip()
    return s


def check_hive_columns(sql):
    """The column list of CREATE [EXTERNAL] TABLE and its PARTITIONED BY use Hive type names."""
    for m in re.finditer(r"(?:^\s*create\s+(?:external\s+)?table\s+[^(]+|partitioned\s+by\s*)\(", sql, re.I):
        depth, start = 0, m.end()
        for i in range(m.end() - 1, len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            if depth == 0:
                body = sql[start:i]
                break
        else:
            return
        level, offset = 0, start
        for j, c in enumerate(body + ","):
            level += {"(": 1, "<": 1, ")": -1, ">": -1}.get(c, 0)
            if c == "," and level == 0:
                column = body[offset - start:j]
                parts = column.split()
                if len(parts) >= 2:
                    kind = parts[1]
                    base = re.match(r"[A-Za-z_]+", kind)
                    name = base.group(0).lower() if base else kind
                    if name not in HIVE_TYPES or (name in ("varchar", "char") and "(" not in kind):
                        line, col = position(sql, start + (j - len(column)) + column.find(kind))
                        raise AthenaError(f"FAILED: ParseException line {line}:{col - 1} cannot recognize input near '{kind}' "
                                          "in column type", 1003)
                offset = start + j + 1


def check_hive_ddl(sql):
    """Hive DDL quotes identifiers with backticks; a double quote is a parse error
    (tables-databases-columns-names.html), and `WITH (…)` without AS is Trino, not Hive DDL."""
    for i in outside_strings(sql):
        if sql[i] == '"':
            line, col = position(sql, i)
            near = sql[i:].split()[0][:40]
            raise AthenaError(f"FAILED: ParseException line {line}:{col - 1} cannot recognize input near '{near}'", 1003)
    check_hive_columns(sql)
    m = re.search(r"\)\s*(with)\s*\(", sql, re.I)
    if m and re.match(r"^\s*create\s+table", sql, re.I):
        line, col = position(sql, m.start(1))
        raise AthenaError(f"FAILED: ParseException line {line}:{col - 1} missing EOF at 'with' near ')'", 1003)


def check_tokens(sql, tokens):
    """What sqlglot's permissive grammar lets through but Trino's refuses."""
    depth, casts = 0, []
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        prev = tokens[i - 1] if i > 0 else None
        if t.token_type == TokenType.DCOLON:
            line, col = position(sql, t.start)
            raise AthenaError(f"SYNTAX_ERROR: line {line}:{col}: mismatched input '::'. Expecting: <expression>")
        if t.token_type == TokenType.L_PAREN:
            depth += 1
        elif t.token_type == TokenType.R_PAREN:
            depth -= 1
            if casts and casts[-1] > depth:
                casts.pop()
        if t.token_type == TokenType.VAR and nxt is not None and nxt.token_type == TokenType.L_PAREN:
            name = t.text.lower()
            if name in ("cast", "try_cast"):
                casts.append(depth + 1)
                continue
            if prev is not None and prev.token_type in (TokenType.ALIAS, TokenType.INTO, TokenType.TABLE, TokenType.DOT,
                                                         TokenType.FROM, TokenType.JOIN, TokenType.WITH):
                continue
            if is_cte_header(tokens, i + 1):
                continue
            if name not in TRINO_FUNCTIONS:
                line, col = position(sql, t.start)
                raise AthenaError(f"FUNCTION_NOT_FOUND: line {line}:{col}: Function '{name}' not registered")
        if t.token_type == TokenType.ALIAS and casts and casts[-1] == depth and nxt is not None:
            name = nxt.text.lower()
            if name not in TRINO_TYPES:
                line, col = position(sql, nxt.start)
                raise AthenaError(f"TYPE_NOT_FOUND: line {line}:{col}: Unknown type: {name}")


def is_cte_header(tokens, lparen):
    """`name (a, b) as (` declares a CTE's columns; it is not a call."""
    depth = 0
    for j in range(lparen, len(tokens)):
        if tokens[j].token_type == TokenType.L_PAREN:
            depth += 1
        elif tokens[j].token_type == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                rest = tokens[j + 1:j + 3]
                return len(rest) == 2 and rest[0].token_type == TokenType.ALIAS and rest[1].token_type == TokenType.L_PAREN
    return False


def table_key(table, database):
    catalog = (table.catalog or CATALOG).lower()
    return catalog, (table.db or database).lower(), table.name.lower()


def find_offset(sql, word):
    m = re.search(r'(?<![\w"])"?' + re.escape(word) + r'"?(?![\w"])', sql, re.I)
    return m.start() if m else 0


class Session:
    def __init__(self):
        self.db = duckdb.connect()
        self.db.execute(f"attach ':memory:' as {CATALOG}")
        self.db.execute(f"use {CATALOG}")
        self.loaded = {}
        self.views = {}
        self.tmp = tempfile.mkdtemp(dir=ROOT)

    # -- the mirror of the fake's tables --------------------------------------------------------

    def drop(self, database, name):
        """Drops whatever holds the name (DuckDB refuses DROP VIEW on a table and the reverse)."""
        for kind in ("table", "view"):
            try:
                self.db.execute(f'drop {kind} if exists {CATALOG}."{database}"."{name}"')
            except duckdb.CatalogException:
                pass

    def sync(self, request):
        for key in request.get("dropped", []):
            database, name = key.split(".", 1)
            self.drop(database, name)
            self.loaded.pop(key, None)
            self.views.pop(key, None)
        for key, table in request.get("tables", {}).items():
            database, name = key.split(".", 1)
            self.db.execute(f'create schema if not exists {CATALOG}."{database}"')
            self.drop(database, name)
            self.views.pop(key, None)
            columns = table["columns"]
            typed = ", ".join(f'"{c}" {duck_type(t)}' for c, t in columns) or '"_" varchar'
            target = f'{CATALOG}."{database}"."{name}"'
            self.db.execute(f"create or replace table {target} ({typed})")
            rows = table.get("rows") or []
            if rows:
                path = os.path.join(self.tmp, "rows.json")
                with open(path, "w") as f:
                    for r in rows:
                        f.write(json.dumps({f"c{i}": v for i, v in enumerate(r)}) + "\n")
                spec = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(columns))) + "}"
                casts = ", ".join(f"cast(c{i} as {duck_type(t)})" for i, (_, t) in enumerate(columns))
                self.db.execute(f"insert into {target} select {casts} from read_json('{path}', format='newline_delimited', columns={spec})")
            files = table.get("parquet") or []
            if files:
                listing = "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in files) + "]"
                names = ", ".join(f'cast("{c}" as {duck_type(t)})' for c, t in columns)
                self.db.execute(f"insert into {target} select {names} from read_parquet({listing}, hive_partitioning=true, union_by_name=true)")
            self.loaded[key] = columns
        # Views may read views: create them until no more succeed (a view over a missing table
        # stays absent, and the statement reading it fails with TABLE_NOT_FOUND first).
        pending = {k: t for k, t in request.get("views", {}).items() if self.views.get(k) != t}
        while pending:
            done = []
            for key, text in pending.items():
                database, name = key.split(".", 1)
                self.db.execute(f'create schema if not exists {CATALOG}."{database}"')
                try:
                    body = to_duckdb(sqlglot.parse_one(text, read="athena"))
                    self.drop(database, name)
                    self.loaded.pop(key, None)
                    self.db.execute(f'create view {CATALOG}."{database}"."{name}" as {body}')
                    self.views[key] = text
                    done.append(key)
                except Exception:
                    pass
            if not done:
                break
            for key in done:
                pending.pop(key)

    # -- one statement ----------------------------------------------------------------------------

    def run(self, request):
        sql = request["sql"]
        database = request.get("database", "default").lower()
        known = {k.lower() for k in request.get("catalog", [])}
        stripped = without_leading_comments(sql).rstrip().rstrip(";").strip()
        first = re.match(r"\s*(\(|\w+)", stripped)
        if not first or first.group(1).lower() not in FIRST_WORDS:
            word = (stripped.split() or [""])[0]
            line, col = position(sql, sql.find(word) if word else 0)
            raise AthenaError(f"SYNTAX_ERROR: line {line}:{col}: mismatched input '{word}'. Expecting: 'ALTER', 'CREATE', "
                              "'DELETE', 'DESCRIBE', 'DROP', 'EXPLAIN', 'INSERT', 'MERGE', 'SELECT', 'SHOW', 'VALUES', 'WITH'")
        if HIVE_DDL.match(stripped) or (re.match(r"\s*create\s+table", stripped, re.I) and not CTAS.match(stripped)):
            check_hive_ddl(stripped)
            return {"kind": "ddl"}
        tokens = sqlglot.Dialect.get_or_raise("athena").tokenize(sql)
        check_tokens(sql, tokens)
        try:
            trees = [t for t in sqlglot.parse(stripped, read="athena") if t is not None]
        except sqlglot.errors.ParseError as e:
            err = e.errors[0] if e.errors else {}
            raise AthenaError(f"SYNTAX_ERROR: line {err.get('line', 1)}:{err.get('col', 1)}: "
                              f"{err.get('description', 'syntax error')} near '{err.get('highlight', '')}'")
        if len(trees) != 1:
            raise AthenaError("Only one sql statement is allowed", 1000)
        tree = trees[0]
        targets = set()
        query = tree
        kind = "select"
        if isinstance(tree, exp.Create):
            target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
            targets.add(id(target))
            query = tree.expression
            kind = "view" if (tree.args.get("kind") or "").upper() == "VIEW" else "ctas"
            if query is None:
                raise AthenaError("SYNTAX_ERROR: line 1:1: CREATE TABLE without AS is Hive DDL in Athena")
        elif isinstance(tree, exp.Insert):
            target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
            targets.add(id(target))
            query, kind = tree.expression, "insert"
        elif isinstance(tree, exp.Merge):
            targets.add(id(tree.this))
            using = tree.args.get("using")
            kind = "merge"
            query = using.this if isinstance(using, exp.Subquery) else exp.select("*").from_(using.copy())
        self.check_tables(sql, tree, database, known, targets)
        rows = self.evaluate(sql, query, database)
        if kind == "ctas":
            self.check_ctas(sql, tree, [c for c, _ in rows["columns"]])
        return {"kind": kind, **rows}

    def check_tables(self, sql, tree, database, known, targets):
        ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
        for table in tree.find_all(exp.Table):
            if id(table) in targets or not table.name or (not table.db and table.name.lower() in ctes):
                continue
            catalog, db, name = table_key(table, database)
            if catalog != CATALOG or f"{db}.{name}" not in known:
                line, col = position(sql, find_offset(sql, table.name))
                raise AthenaError(f"TABLE_NOT_FOUND: line {line}:{col}: Table '{catalog}.{db}.{name}' does not exist")

    def check_ctas(self, sql, tree, columns):
        props = {}
        for p in (tree.args.get("properties") or exp.Properties(expressions=[])).expressions:
            # sqlglot gives a few well-known properties their own node
            special = {exp.PartitionedByProperty: "partitioned_by", exp.FileFormatProperty: "format", exp.LocationProperty: "location"}
            if type(p) in special:
                props[special[type(p)]] = p.this
            else:
                props[p.this.name.lower()] = p.args.get("value")
        for name in props:
            if name not in CTAS_PROPERTIES:
                raise AthenaError(f"INVALID_TABLE_PROPERTY: line 1:1: Catalog '{CATALOG}' table property '{name}' does not exist")

        def text(v):
            return v.name.lower() if isinstance(v, (exp.Literal, exp.Boolean, exp.Identifier, exp.Var)) else str(v).lower()

        def strings(v):
            return [e.name.lower() for e in v.expressions] if isinstance(v, exp.Array) else []

        iceberg = text(props.get("table_type", exp.Literal.string("hive"))) == "iceberg"
        lower = [c.lower() for c in columns]
        if iceberg:
            if "is_external" in props and text(props["is_external"]) == "true" or "external_location" in props:
                raise AthenaError("INVALID_TABLE_PROPERTY: line 1:1: Iceberg tables are not external: use is_external=false "
                                  "and location, not external_location")
            for spec in strings(props.get("partitioning")):
                column = re.sub(r"^\w+\((?:\d+\s*,\s*)?([^),]+).*$", r"\1", spec).strip()
                if column not in lower:
                    raise AthenaError(f"ICEBERG_INVALID_PARTITION_SPEC: Column '{column}' not found in the table")
        else:
            keys = strings(props.get("partitioned_by"))
            missing = [k for k in keys if k not in lower]
            if missing:
                raise AthenaError(f"HIVE_COLUMN_ORDER_MISMATCH: Partition columns {missing} not present in the table")
            if keys and lower[-len(keys):] != keys:
                raise AthenaError("HIVE_COLUMN_ORDER_MISMATCH: Partition keys must be the last columns in the table and in "
                                  f"the same order as the table properties: {keys}")

    def schema(self):
        """Every table and view of the mirror with its columns' types, for sqlglot's type inference."""
        rows = self.db.execute("select table_schema, table_name, column_name, data_type from information_schema.columns "
                               f"where table_catalog = '{CATALOG}'").fetchall()
        out = {}
        aliases = {"HUGEINT": "bigint", "UBIGINT": "bigint", "UINTEGER": "bigint", "BLOB": "varbinary"}
        for db, table, column, kind in rows:
            out.setdefault(db, {}).setdefault(table, {})[column] = aliases.get(kind, kind.lower())
        return {CATALOG: out}

    def trino_typed(self, query, database):
        """Where Trino and DuckDB type a result differently, the Trino type: `date_add('day', n, d)`
        on a DATE is a DATE in Trino (datetime.html) but a TIMESTAMP in DuckDB, so it is cast back.
        Types come from sqlglot's inference over the mirror's schema; without them the query runs as is."""
        try:
            typed = annotate_types(qualify(query.copy(), schema=self.schema(), dialect="athena", catalog=CATALOG, db=database),
                                   schema=self.schema(), dialect="athena")
        except Exception:
            return query
        changed = False
        for node in list(typed.find_all(exp.DateAdd)):
            unit = (node.text("unit") or "day").lower()
            if unit in DATE_UNITS and node.this.type is not None and node.this.type.is_type(exp.DataType.Type.DATE):
                node.replace(exp.Cast(this=node.copy(), to=exp.DataType.build("date")))
                changed = True
        return typed if changed else query

    def evaluate(self, sql, query, database):
        self.db.execute(f'create schema if not exists {CATALOG}."{database}"')
        self.db.execute(f'use {CATALOG}."{database}"')
        try:
            body = to_duckdb(self.trino_typed(query, database))
            cursor = self.db.execute(body)
        except duckdb.Error as e:
            text = str(e)
            m = re.search(r'Referenced column "([^"]+)" not found|does not have a column named "([^"]+)"', text)
            if m:
                name = m.group(1) or m.group(2)
                line, col = position(sql, find_offset(sql, name))
                raise AthenaError(f"COLUMN_NOT_FOUND: line {line}:{col}: Column '{name}' cannot be resolved")
            raise AthenaError(f"GENERIC_INTERNAL_ERROR: the fake could not run this query on DuckDB: {text.splitlines()[0]}", 200, 1)
        columns = [(d[0], hive_type(str(d[1]))) for d in cursor.description]
        rows = [[text_value(v) for v in r] for r in cursor.fetchall()]
        return {"columns": columns, "rows": rows}


DATE_UNITS = {"day", "week", "month", "quarter", "year"}


def to_duckdb(tree):
    return tree.sql(dialect="duckdb")


def duck_type(hive):
    t = hive.lower().strip()
    if t in ("string",) or t.startswith("varchar") or t.startswith("char"):
        return "VARCHAR"
    if t == "int":
        return "INTEGER"
    if t == "float":
        return "REAL"
    if t.startswith("timestamp"):
        return "TIMESTAMP"
    return t.upper()


def hive_type(duck):
    """DuckDB result type → the Hive name Glue stores for a CTAS column (data-types.html)."""
    t = duck.upper()
    simple = {"VARCHAR": "string", "INTEGER": "int", "BIGINT": "bigint", "HUGEINT": "bigint", "DOUBLE": "double",
              "FLOAT": "float", "BOOLEAN": "boolean", "DATE": "date", "SMALLINT": "smallint", "TINYINT": "tinyint",
              "TIMESTAMP": "timestamp", "TIMESTAMP_MS": "timestamp", "TIMESTAMP WITH TIME ZONE": "timestamp",
              "BLOB": "binary", "UBIGINT": "bigint", "UINTEGER": "bigint"}
    if t in simple:
        return simple[t]
    if t.startswith("DECIMAL"):
        return t.lower().replace(" ", "")
    return t.lower()


def text_value(v):
    """A value as GetQueryResults' VarCharValue shows it."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime.datetime):
        return v.replace(tzinfo=None).isoformat(sep=" ", timespec="milliseconds")
    if isinstance(v, (datetime.date, decimal.Decimal, int)):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return str(v)


def main():
    # One DuckDB mirror per fake (the "session" of a request), so one process can serve many.
    sessions = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        key = request.get("session", "")
        if request.get("close"):
            gone = sessions.pop(key, None)
            if gone is not None:
                gone.db.close()
                shutil.rmtree(gone.tmp, True)
            sys.stdout.write(json.dumps({"ok": True}) + "\n")
            sys.stdout.flush()
            continue
        session = sessions.get(key) or sessions.setdefault(key, Session())
        try:
            session.sync(request)
            answer = {"ok": True, **session.run(request)}
            if request.get("hello"):
                answer["root"] = ROOT
        except AthenaError as e:
            answer = {"ok": False, "message": e.message, "type": e.error_type, "category": e.category}
        except Exception as e:  # the fake's own gap, reported as such rather than as Athena's answer
            answer = {"ok": False, "message": f"GENERIC_INTERNAL_ERROR: fake SQL sidecar: {type(e).__name__}: {e}",
                      "type": 200, "category": 1}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
