#!/usr/bin/env python3
"""Writes ticks.csv, the small RTSA fixture, from simple integer-cent formulas (rerun to refresh).

Four seed symbols (AAPL, GOOGL: Technology; LMT, NOC: Defense), which Kafka's default
partitioner spreads over all three partitions of the topic, over the 120 calendar days
2026-06-29 .. 2026-10-26, three ticks per trading day, so every number can be checked by hand:
on the k-th trading day (k = 0, 1, ...) a symbol's close in cents is base + a*k + b*((7*k) % 11),
its first tick is 50 cents below the close and its second 30 cents above it.
Edge cases, each named in docs/rtsa.md "Fixture": weekends, the NYSE holidays 2026-07-03 and
2026-09-07, NOC halted on 2026-08-14, no Technology ticks on 2026-09-25, NOC without ticks after
2026-10-23 (a stale latest price), an exact duplicate record, a zero and a missing price (dropped),
a lower-case symbol (normalised), a symbol outside the seed (dropped) and two LMT ticks in the
same millisecond at the last close (the higher price wins).
"""

import csv
import datetime as dt
import os

FIRST = dt.date(2026, 6, 29)
LAST = dt.date(2026, 10, 26)
HOLIDAYS = {dt.date(2026, 7, 3), dt.date(2026, 9, 7)}
# symbol: (base cents, a, b, exchange, volume unit)
SYMBOLS = {
    "AAPL": (20000, 25, 40, "NASDAQ", 100),
    "GOOGL": (17000, -10, 120, "NASDAQ", 200),
    "LMT": (45000, 15, 60, "NYSE", 300),
    "NOC": (50000, 5, 20, "NYSE", 400),
}
# New York session in UTC during daylight time (the whole range is EDT).
TICK_TIMES = ("13:30:00.000", "16:45:00.000", "19:59:59.000")


def cents(c: int) -> str:
    return f"{c // 100}.{c % 100:02d}"


def main() -> None:
    rows = []
    k = 0
    day = FIRST
    while day <= LAST:
        if day.weekday() < 5 and day not in HOLIDAYS:
            for sym, (base, a, b, exchange, unit) in SYMBOLS.items():
                if sym == "NOC" and (day == dt.date(2026, 8, 14) or day > dt.date(2026, 10, 23)):
                    continue
                if sym in ("AAPL", "GOOGL") and day == dt.date(2026, 9, 25):
                    continue
                close = base + a * k + b * ((7 * k) % 11)
                prices = (close - 50, close + 30, close)
                for j, (t, p) in enumerate(zip(TICK_TIMES, prices)):
                    rows.append([sym, f"{day}T{t}Z", cents(p), str(unit * (j + 1)), exchange])
            k += 1
        day += dt.timedelta(days=1)

    def add(sym, when, price, volume, exchange):
        rows.append([sym, when, price, volume, exchange])

    # At-least-once delivery: the second AAPL tick of 2026-08-03 arrives twice.
    dup = next(r for r in rows if r[0] == "AAPL" and r[1] == "2026-08-03T16:45:00.000Z")
    rows.append(list(dup))
    # Bad prices after the close of the last day: dropped, or GOOGL's close would change.
    add("GOOGL", "2026-10-26T19:59:59.500Z", "0.00", "100", "NASDAQ")
    add("GOOGL", "2026-10-26T19:59:59.600Z", "", "100", "NASDAQ")
    # Lower-case symbol mid-session: normalised to LMT, changes high/volume but not open/close.
    add("lmt", "2026-09-15T15:00:00.000Z", "470.00", "50", "NYSE")
    # Not in the seed: dropped by the join.
    add("ZZZZ", "2026-10-26T15:00:00.000Z", "10.00", "100", "NYSE")
    add("ZZZZ", "2026-10-26T19:59:59.900Z", "11.00", "100", "NYSE")
    # Same millisecond as LMT's last tick of the last day, 5 cents higher: the close becomes it.
    last_lmt = [r for r in rows if r[0] == "LMT" and r[1] == "2026-10-26T19:59:59.000Z"][0]
    add("LMT", last_lmt[1], cents(int(last_lmt[2].replace(".", "")) + 5), "10", "NYSE")

    rows.sort(key=lambda r: (r[1], r[0]))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ticks.csv")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["symbol_v", "tick_time", "price", "volume", "exchange"])
        w.writerows(rows)
    print(f"make_fixture: {len(rows)} ticks -> {out}")


if __name__ == "__main__":
    main()
