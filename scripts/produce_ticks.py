#!/usr/bin/env python3
"""Deterministic sample producer for RTSA: writes the lake the S3 sink would write for TICKS_ENRICHED_V2.

Generates intraday ticks for every symbol of the seed (a geometric random walk from near-real
price levels, during the New York session on NYSE trading days) and writes them as snappy Parquet
under <out>/topics/<topic>/dt=YYYY-MM-dd/<topic>+<partition>+<offset>.snappy.parquet, with the
Kafka partition taken from the key as Kafka's default partitioner does, and files cut and
committed when the sink commits them (flush size, scheduled rotation: scripts/rtsa/kafka.py).
Only committed files are written: what the sink still holds open at --as-of is not in the lake.
No network, stdlib only, plus the duckdb CLI for Parquet.

    python3 scripts/produce_ticks.py --out lake --days 200 --end-date 2026-11-20
    python3 scripts/produce_ticks.py --from-csv Tests/Fixtures/rtsa/ticks.csv --out /tmp/fixture-lake
"""

import argparse
import csv
import datetime as dt
import json
import math
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from rtsa import kafka, lake, market  # noqa: E402

# Rough price levels of late 2025, so the sample looks like the real thing. Symbols not listed
# start from a seeded random level.
START_PRICES = {
    "AAPL": 228.0, "AMZN": 205.0, "GOOGL": 172.0, "META": 575.0, "MSFT": 418.0, "NVDA": 138.0,
    "GD": 285.0, "HII": 245.0, "LHX": 232.0, "LMT": 470.0, "NOC": 505.0, "RTX": 122.0,
}
# Annualised volatility by group name: tech moves more than defense.
GROUP_VOLATILITY = {"Technology": 0.32, "Defense": 0.20}
EXCHANGES = {"AAPL": "NASDAQ", "AMZN": "NASDAQ", "GOOGL": "NASDAQ", "META": "NASDAQ", "MSFT": "NASDAQ", "NVDA": "NASDAQ"}


def read_seed(path: str):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [(r["symbol_v"], r["group_name"]) for r in csv.DictReader(f)]
    return sorted(rows)


def generate(symbols, end: dt.date, days: int, ticks_per_day: int, seed: int):
    """Ticks of `days` calendar days ending on `end`, in produce order (time, then symbol)."""
    rng = random.Random(seed)
    state = {}
    for sym, group in symbols:
        start = START_PRICES.get(sym) or round(rng.uniform(40, 400), 2)
        vol = GROUP_VOLATILITY.get(group, 0.28) * rng.uniform(0.8, 1.25)
        drift = rng.uniform(-0.10, 0.25)  # annual
        state[sym] = [start, vol, drift, group]
    groups = sorted({g for _, g in symbols})
    records = []
    first = end - dt.timedelta(days=days - 1)
    for i in range(days):
        day = first + dt.timedelta(days=i)
        if not market.is_trading_day(day):
            continue
        open_ms, close_ms = market.session_utc_ms(day)
        slot = (close_ms - open_ms) / ticks_per_day
        # One shared shock per group and day moves its members together.
        group_shock = {g: rng.gauss(0.0, 0.008) for g in groups}
        for sym, _ in symbols:
            price, vol, drift, group = state[sym]
            step_sigma = vol / math.sqrt(252 * ticks_per_day)
            step_mu = drift / (252 * ticks_per_day) - step_sigma * step_sigma / 2
            shock = group_shock[group] / ticks_per_day
            for k in range(ticks_per_day):
                price *= math.exp(rng.gauss(step_mu, step_sigma) + shock)
                ts = open_ms + int((k + rng.random()) * slot)
                records.append(
                    {
                        "symbol_v": sym,
                        "ts": ts,
                        "dt": day.isoformat(),
                        "price": f"{price:.2f}",
                        "volume": str(rng.randint(1, 40) * 100),
                        "exchange": EXCHANGES.get(sym, "NYSE"),
                    }
                )
            state[sym][0] = price
    records.sort(key=lambda r: (r["ts"], r["symbol_v"]))
    return records


def default_duckdb() -> str:
    env = os.environ.get("SWIFTDBT_DUCKDB")
    if env:
        return env
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(here, ".venv", "bin", "duckdb")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="lake", help="lake root (default: lake)")
    p.add_argument("--days", type=int, default=200, help="calendar days to generate (default: 200)")
    p.add_argument("--ticks-per-day", type=int, default=78, help="ticks per symbol and trading day (default: 78)")
    p.add_argument("--end-date", default="2026-11-20", help="last calendar day, YYYY-MM-DD (default: 2026-11-20)")
    p.add_argument("--symbols-csv", default="seeds/symbol_groups.csv", help="seed with symbol_v, group_name")
    p.add_argument("--seed", type=int, default=20261120, help="random seed (default: 20261120)")
    p.add_argument("--topic", default="ticks_enriched_v2", help="Kafka topic name (default: ticks_enriched_v2)")
    p.add_argument("--partitions", type=int, default=3, help="partitions of the topic (default: 3)")
    # The defaults are streaming/rtsa.yml's (Tests/SDStreamingTests/LakeLayoutTests checks they agree).
    p.add_argument("--flush-size", type=int, default=1000, help="sink flush.size in records (default: 1000)")
    p.add_argument("--rotate-schedule-interval-ms", type=int, default=600_000,
                   help="sink rotate.schedule.interval.ms, 0 for none (default: 600000)")
    p.add_argument("--rotate-interval-ms", type=int, default=0, help="sink rotate.interval.ms, 0 for none (default: 0)")
    p.add_argument("--timezone", default="UTC", help="sink timezone for scheduled rotation (default: UTC)")
    p.add_argument("--as-of", help="wall-clock instant the lake is looked at, ISO-8601 (default: long after the last tick)")
    p.add_argument("--print-sink-settings", action="store_true", help="print the sink settings as JSON and exit")
    p.add_argument("--from-csv", help="write the ticks of this CSV instead of generating them")
    p.add_argument("--dump-csv", help="also write the ticks as CSV (symbol_v,tick_time,price,volume,exchange)")
    p.add_argument("--duckdb", default=default_duckdb(), help="duckdb CLI (default: $SWIFTDBT_DUCKDB or .venv/bin/duckdb)")
    args = p.parse_args(argv)
    if args.print_sink_settings:
        print(json.dumps({"flush.size": str(args.flush_size), "rotate.schedule.interval.ms": str(args.rotate_schedule_interval_ms),
                          "rotate.interval.ms": str(args.rotate_interval_ms), "timezone": args.timezone,
                          "topics": args.topic, "partitions": str(args.partitions)}, sort_keys=True))
        return 0
    if args.days < 1 or args.ticks_per_day < 1 or args.partitions < 1 or args.flush_size < 1:
        p.error("--days, --ticks-per-day, --partitions and --flush-size must be positive")
    if args.rotate_schedule_interval_ms < 0 or args.rotate_interval_ms < 0:
        p.error("--rotate-schedule-interval-ms and --rotate-interval-ms must be 0 (off) or positive")
    if not os.path.exists(args.duckdb):
        p.error(f"no duckdb CLI at {args.duckdb}: run ./scripts/bootstrap.sh or set SWIFTDBT_DUCKDB")

    started = time.monotonic()
    if args.from_csv:
        records = lake.read_ticks_csv(args.from_csv)
    else:
        end = dt.date.fromisoformat(args.end_date)
        records = generate(read_seed(args.symbols_csv), end, args.days, args.ticks_per_day, args.seed)
    if args.dump_csv:
        lake.write_ticks_csv(args.dump_csv, records)
    settings = kafka.SinkSettings(args.flush_size, args.rotate_schedule_interval_ms, args.rotate_interval_ms, args.timezone)
    as_of = lake.parse_tick_time(args.as_of) if args.as_of else None
    files = lake.write_lake(records, args.out, args.topic, args.partitions, settings, args.duckdb, as_of)
    days = len({r["dt"] for r in records})
    committed = [r for r in records if r["committed_at"] is not None]
    lag = max((r["committed_at"] - r["ts"] for r in committed), default=0)
    print(
        f"produce_ticks: {len(records)} ticks, {days} days, {len(files)} files under "
        f"{os.path.join(args.out, 'topics', args.topic)} in {time.monotonic() - started:.1f}s; "
        f"{len(records) - len(committed)} not committed yet, longest commit lag {lag / 1000:.0f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
