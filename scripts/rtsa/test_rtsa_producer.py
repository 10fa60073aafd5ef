"""Unit tests of the producer's Kafka and sink rules: python3 -m unittest discover -s scripts/rtsa -t scripts"""

import datetime as dt
import unittest

from rtsa import kafka, market


class Murmur2Test(unittest.TestCase):
    # Vectors of apache/kafka UtilsTest.testMurmur2 (signed 32-bit results).
    VECTORS = {
        "21": -973932308,
        "foobar": -790332482,
        "a-little-bit-long-string": -985981536,
        "a-little-bit-longer-string": -1486304829,
        "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
    }

    def test_matches_kafka(self):
        for text, expected in self.VECTORS.items():
            value = kafka.murmur2(text.encode())
            signed = value - (1 << 32) if value >= 1 << 31 else value
            self.assertEqual(signed, expected, text)

    def test_partition_is_stable_and_in_range(self):
        for sym in ("AAPL", "MSFT", "LMT", "NOC", "GOOGL"):
            p = kafka.partition_for_key(sym, 3)
            self.assertIn(p, range(3))
            self.assertEqual(p, kafka.partition_for_key(sym, 3))


class SinkFilesTest(unittest.TestCase):
    def test_object_key_layout(self):
        # kafka-connect-storage-cloud: <topics.dir>/<topic>/<encoded partition>/<topic>+<partition>+<offset %010d>.<ext>
        self.assertEqual(
            kafka.object_key("ticks_enriched_v2", "2026-11-20", 2, 12000),
            "topics/ticks_enriched_v2/dt=2026-11-20/ticks_enriched_v2+2+0000012000.snappy.parquet",
        )

    def test_files_rotate_on_day_and_flush_size(self):
        p = kafka.partition_for_key("AAPL", 3)
        recs = [{"symbol_v": "AAPL", "ts": i, "dt": "2026-01-05"} for i in range(5)]
        recs += [{"symbol_v": "AAPL", "ts": 10 + i, "dt": "2026-01-06"} for i in range(2)]
        kafka.assign_files(recs, 3, 2, "t")
        self.assertEqual([r["offset"] for r in recs], list(range(7)))
        self.assertEqual(
            [r["file"].rsplit("/", 1)[1] for r in recs],
            [f"t+{p}+0000000000.snappy.parquet"] * 2
            + [f"t+{p}+0000000002.snappy.parquet"] * 2
            + [f"t+{p}+0000000004.snappy.parquet"]
            + [f"t+{p}+0000000005.snappy.parquet"] * 2,
        )
        self.assertTrue(recs[-1]["file"].startswith("topics/t/dt=2026-01-06/"))


class MarketTest(unittest.TestCase):
    def test_session_in_utc_follows_us_daylight_time(self):
        def utc_open(day):
            ms = market.session_utc_ms(dt.date.fromisoformat(day))[0]
            return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%H:%M")

        self.assertEqual(utc_open("2026-03-06"), "14:30")  # EST
        self.assertEqual(utc_open("2026-03-09"), "13:30")  # EDT from 2026-03-08
        self.assertEqual(utc_open("2026-10-30"), "13:30")
        self.assertEqual(utc_open("2026-11-02"), "14:30")  # EST from 2026-11-01

    def test_trading_days(self):
        self.assertFalse(market.is_trading_day(dt.date(2026, 11, 26)))  # Thanksgiving
        self.assertFalse(market.is_trading_day(dt.date(2026, 11, 21)))  # Saturday
        self.assertTrue(market.is_trading_day(dt.date(2026, 11, 20)))


if __name__ == "__main__":
    unittest.main()
