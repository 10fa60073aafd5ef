#!/usr/bin/env python3
"""Independent oracle for RTSA's gold models: pure Python (stdlib only, no SQL), from docs/rtsa.md.

Reads ticks in the producer's CSV shape (symbol_v,tick_time,price,volume,exchange) and the
symbol_groups seed, and prints one gold table as CSV on stdout: header first, rows sorted by the
table's key, decimals with exactly 6 digits, timestamps as YYYY-MM-DD HH:MM:SS.mmm (UTC), NULL
as an empty field.

    python3 Tests/Fixtures/rtsa/oracle.py --ticks Tests/Fixtures/rtsa/ticks.csv \\
        --seed seeds/symbol_groups.csv --model gold_grouped_returns
"""

import argparse
import csv
import datetime as dt
import math
import sys

MODELS = ("gold_latest_price_v2", "gold_latest_price_v2_grouped", "gold_grouped_avg_daily", "gold_grouped_returns")
SCALE = 10**6


# ---- numbers --------------------------------------------------------------------------------

def to_micro_units(x: float) -> int:
    """round(x, 6) as an integer count of 1e-6: x * 1e6 in IEEE double, then rounded half away
    from zero (C's round(), which DuckDB's round(DOUBLE, n) and Trino's Math.round agree with)."""
    r = x * 1e6
    if r >= 0:
        f = math.floor(r)
        return f + 1 if r - f >= 0.5 else f
    f = math.ceil(r)
    return f - 1 if f - r >= 0.5 else f


def fmt_decimal(units: int) -> str:
    sign = "-" if units < 0 else ""
    units = abs(units)
    return f"{sign}{units // SCALE}.{units % SCALE:06d}"


def decimal_to_float(units: int) -> float:
    """The DOUBLE a DECIMAL(18,6) becomes under CAST(... AS DOUBLE): the nearest double."""
    return float(fmt_decimal(units))


def mean(values) -> float:
    return sum(values) / len(values)


def fmt_ts(ms: int) -> str:
    t = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=ms)
    return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d}"


# ---- inputs ---------------------------------------------------------------------------------

def parse_ms(text: str) -> int:
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    delta = t - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def read_seed(path):
    groups = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            groups[row["symbol_v"]] = (int(row["group_id"]), row["group_name"])
    return groups


def clean_ticks(path):
    """bronze_ticks: normalised symbol; drop rows without symbol/time, with price <= 0 or missing,
    volume < 0 or missing; exact duplicates once. Returns (symbol, price, volume, ts_ms) tuples."""
    seen = set()
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            symbol = (row["symbol_v"] or "").strip(" ").upper()
            price = float(row["price"]) if row["price"] != "" else None
            volume = int(row["volume"]) if row["volume"] != "" else None
            exchange = row["exchange"] if row["exchange"] != "" else None
            ts = parse_ms(row["tick_time"]) if row["tick_time"] != "" else None
            if not symbol or price is None or price <= 0 or volume is None or volume < 0 or ts is None:
                continue
            seen.add((symbol, price, volume, exchange, ts))
    return [(s, p, v, ts) for (s, p, v, _e, ts) in seen]


# ---- the models -----------------------------------------------------------------------------

def daily_closes(ticks, groups):
    """silver_daily_close, the parts gold needs: {(symbol, day): (close, last_ts_ms)}."""
    by_day = {}
    for symbol, price, _volume, ts in ticks:
        if symbol not in groups:
            continue
        day = (dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=ts)).date()
        by_day.setdefault((symbol, day), []).append((ts, price))
    return {key: (max(vals)[1], max(vals)[0]) for key, vals in by_day.items()}


def latest_price(closes, groups):
    newest = {}
    for (symbol, day), (close, last_ts) in closes.items():
        if symbol not in newest or day > newest[symbol][0]:
            newest[symbol] = (day, close, last_ts)
    rows = []
    for symbol in sorted(newest):
        day, close, last_ts = newest[symbol]
        gid, gname = groups[symbol]
        rows.append({"symbol_v": symbol, "group_id": gid, "group_name": gname,
                     "latest_price": to_micro_units(close), "latest_tick_ts": last_ts, "latest_trade_date": day})
    return rows


def latest_price_grouped(latest):
    per_group = {}
    for r in latest:
        per_group.setdefault((r["group_id"], r["group_name"]), []).append(r)
    rows = []
    for (gid, gname) in sorted(per_group):
        members = per_group[(gid, gname)]
        rows.append({"group_id": gid, "group_name": gname, "symbol_count": len(members),
                     "avg_latest_price": to_micro_units(mean([decimal_to_float(m["latest_price"]) for m in members])),
                     "as_of_ts": max(m["latest_tick_ts"] for m in members),
                     "oldest_tick_ts": min(m["latest_tick_ts"] for m in members)})
    return rows


def grouped_avg_daily(closes, groups):
    per = {}
    for (symbol, day), (close, _ts) in closes.items():
        gid, gname = groups[symbol]
        per.setdefault((gid, gname, day), []).append(close)
    return [{"group_id": gid, "group_name": gname, "trade_date": day, "symbol_count": len(per[(gid, gname, day)]),
             "avg_close": to_micro_units(mean(per[(gid, gname, day)]))}
            for (gid, gname, day) in sorted(per)]


def grouped_returns(avg_daily, windows):
    by_group = {}
    for r in avg_daily:
        by_group.setdefault(r["group_id"], []).append(r)
    rows = []
    for gid in sorted(by_group):
        days = sorted(by_group[gid], key=lambda r: r["trade_date"])
        for r in days:
            out = {"group_id": gid, "group_name": r["group_name"], "trade_date": r["trade_date"], "day": r["trade_date"],
                   "avg_close": r["avg_close"]}
            for w in windows:
                cutoff = r["trade_date"] - dt.timedelta(days=w)
                base = None
                for b in days:  # days ascending: the last one on or before the cutoff
                    if b["trade_date"] <= cutoff:
                        base = b
                    else:
                        break
                if base is None or base["avg_close"] == 0:
                    out[f"return_{w}d"] = None
                else:
                    ratio = decimal_to_float(r["avg_close"]) / decimal_to_float(base["avg_close"]) - 1
                    out[f"return_{w}d"] = to_micro_units(ratio)
            rows.append(out)
    return rows


# ---- output ---------------------------------------------------------------------------------

DECIMALS = {"latest_price", "avg_latest_price", "avg_close"}
TIMESTAMPS = {"latest_tick_ts", "as_of_ts", "oldest_tick_ts"}


def render(value, column):
    if value is None:
        return ""
    if column in DECIMALS or column.startswith("return_"):
        return fmt_decimal(value)
    if column in TIMESTAMPS:
        return fmt_ts(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Expected RTSA gold tables as CSV.")
    ap.add_argument("--ticks", required=True, help="ticks CSV: symbol_v,tick_time,price,volume,exchange")
    ap.add_argument("--seed", required=True, help="symbol_groups seed CSV")
    ap.add_argument("--model", required=True, choices=MODELS)
    ap.add_argument("--windows", default="7,30,90", help="return windows in days (default: 7,30,90)")
    args = ap.parse_args(argv)
    windows = [int(w) for w in args.windows.split(",")]

    groups = read_seed(args.seed)
    closes = daily_closes(clean_ticks(args.ticks), groups)
    if args.model == "gold_latest_price_v2":
        rows = latest_price(closes, groups)
        columns = ["symbol_v", "group_id", "group_name", "latest_price", "latest_tick_ts", "latest_trade_date"]
    elif args.model == "gold_latest_price_v2_grouped":
        rows = latest_price_grouped(latest_price(closes, groups))
        columns = ["group_id", "group_name", "symbol_count", "avg_latest_price", "as_of_ts", "oldest_tick_ts"]
    elif args.model == "gold_grouped_avg_daily":
        rows = grouped_avg_daily(closes, groups)
        columns = ["group_id", "group_name", "trade_date", "symbol_count", "avg_close"]
    else:
        rows = grouped_returns(grouped_avg_daily(closes, groups), windows)
        columns = ["group_id", "group_name", "trade_date", "day", "avg_close"] + [f"return_{w}d" for w in windows]

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([render(r[c], c) for c in columns])
    return 0


if __name__ == "__main__":
    sys.exit(main())
