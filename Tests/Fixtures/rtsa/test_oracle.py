"""The oracle against numbers worked out by hand from make_fixture.py's formulas.

    python3 -m unittest discover -s Tests/Fixtures/rtsa
"""

import csv
import io
import os
import unittest
from contextlib import redirect_stdout

import oracle

HERE = os.path.dirname(os.path.abspath(__file__))
TICKS = os.path.join(HERE, "ticks.csv")
SEED = os.path.join(HERE, "..", "..", "..", "seeds", "symbol_groups.csv")


def run(model):
    buf = io.StringIO()
    with redirect_stdout(buf):
        oracle.main(["--ticks", TICKS, "--seed", SEED, "--model", model])
    return list(csv.DictReader(io.StringIO(buf.getvalue())))


def row(rows, **keys):
    found = [r for r in rows if all(r[k] == v for k, v in keys.items())]
    assert len(found) == 1, (keys, found)
    return found[0]


class OracleTest(unittest.TestCase):
    def test_rounding_is_half_away_from_zero_on_the_scaled_double(self):
        self.assertEqual(oracle.fmt_decimal(oracle.to_micro_units(-0.0194047462960536)), "-0.019405")
        self.assertEqual(oracle.fmt_decimal(oracle.to_micro_units(0.5e-6)), "0.000001")
        self.assertEqual(oracle.fmt_decimal(oracle.to_micro_units(-0.5e-6)), "-0.000001")
        self.assertEqual(oracle.fmt_decimal(oracle.to_micro_units(-0.4e-6)), "0.000000")

    def test_daily_averages(self):
        days = run("gold_grouped_avg_daily")
        # k=0: AAPL 200.00, GOOGL 170.00; LMT 450.00, NOC 500.00.
        self.assertEqual(row(days, group_name="Technology", trade_date="2026-06-29")["avg_close"], "185.000000")
        self.assertEqual(row(days, group_name="Defense", trade_date="2026-06-29")["avg_close"], "475.000000")
        # k=1: LMT 450.00+0.15+0.60*7 = 454.35, NOC 500.00+0.05+0.20*7 = 501.45.
        self.assertEqual(row(days, group_name="Defense", trade_date="2026-06-30")["avg_close"], "477.900000")
        # NOC halted: Defense averages LMT alone; no Technology ticks at all on 2026-09-25.
        self.assertEqual(row(days, group_name="Defense", trade_date="2026-08-14")["symbol_count"], "1")
        self.assertFalse([r for r in days if r["group_name"] == "Technology" and r["trade_date"] == "2026-09-25"])
        self.assertFalse([r for r in days if r["trade_date"] in ("2026-07-03", "2026-09-07", "2026-07-04")])

    def test_returns(self):
        rets = run("gold_grouped_returns")
        # 2026-07-07 is k=5: AAPL 200.00+1.25+0.40*2 = 202.05, GOOGL 170.00-0.50+1.20*2 = 171.90,
        # avg 186.975; 7 days earlier is 2026-06-30 (avg 190.675): 186.975/190.675 - 1 = -0.0194047...
        r = row(rets, group_name="Technology", trade_date="2026-07-07")
        self.assertEqual((r["avg_close"], r["return_7d"], r["return_30d"]), ("186.975000", "-0.019405", ""))
        # 2026-10-02 - 7 = 2026-09-25, a day without Technology ticks: the base is 2026-09-24 (196.775).
        self.assertEqual(row(rets, group_name="Technology", trade_date="2026-10-02")["return_7d"], "-0.005844")
        # 90 days of history start on 2026-06-29 + 90 = 2026-09-27.
        self.assertEqual(row(rets, group_name="Technology", trade_date="2026-09-24")["return_90d"], "")
        self.assertNotEqual(row(rets, group_name="Technology", trade_date="2026-09-28")["return_90d"], "")

    def test_latest_prices(self):
        latest = run("gold_latest_price_v2")
        self.assertEqual([r["symbol_v"] for r in latest], ["AAPL", "GOOGL", "LMT", "NOC"])  # ZZZZ dropped
        # Two LMT ticks share the last millisecond: the higher price wins.
        self.assertEqual(row(latest, symbol_v="LMT")["latest_price"], "467.900000")
        # The zero and empty GOOGL prices after the close are dropped.
        self.assertEqual(row(latest, symbol_v="GOOGL")["latest_tick_ts"], "2026-10-26 19:59:59.000")
        self.assertEqual(row(latest, symbol_v="NOC")["latest_trade_date"], "2026-10-23")
        grouped = run("gold_latest_price_v2_grouped")
        self.assertEqual(row(grouped, group_name="Defense")["oldest_tick_ts"], "2026-10-23 19:59:59.000")


if __name__ == "__main__":
    unittest.main()
