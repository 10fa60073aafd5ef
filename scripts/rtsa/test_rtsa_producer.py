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

    @staticmethod
    def ticks(times_s, day="2026-01-05", sym="AAPL"):
        base = 1767600000000  # 2026-01-05T08:00:00Z
        return [{"symbol_v": sym, "ts": base + int(t * 1000), "dt": day} for t in times_s]

    def test_flush_size_alone_leaves_the_tail_uncommitted(self):
        # TopicPartitionWriter.rotateOnSize: without a rotation, the last records wait for more (issue 13).
        recs = self.ticks(range(7))
        kafka.assign_files(recs, 3, "t", kafka.SinkSettings(flush_size=3, rotate_schedule_interval_ms=0))
        self.assertEqual([r["offset"] for r in recs], list(range(7)))
        self.assertEqual([r["committed_at"] is not None for r in recs], [True] * 6 + [False])
        p = kafka.partition_for_key("AAPL", 3)
        self.assertEqual(
            [r["file"].rsplit("/", 1)[1] for r in recs[:6]],
            [f"t+{p}+0000000000.snappy.parquet"] * 3 + [f"t+{p}+0000000003.snappy.parquet"] * 3,
        )

    def test_scheduled_rotation_commits_every_record_within_the_interval(self):
        # rotate.schedule.interval.ms fires on the wall clock, also in empty puts.
        recs = self.ticks([0, 30, 61, 62, 200])
        kafka.assign_files(recs, 3, "t", kafka.SinkSettings(flush_size=1000, rotate_schedule_interval_ms=60_000))
        start = recs[0]["ts"]
        # The rotation due at 180 s found nothing open, so the schedule stayed due: the record at 200 s is
        # committed in its own put.
        self.assertEqual([r["committed_at"] - start for r in recs], [60_000, 60_000, 120_000, 120_000, 200_000])
        self.assertEqual(len({r["file"] for r in recs}), 3)
        self.assertTrue(all(r["committed_at"] - r["ts"] <= 60_000 for r in recs))

    def test_record_time_rotation_waits_for_a_later_record(self):
        # rotate.interval.ms compares record timestamps: the last file has no later record to close it.
        recs = self.ticks([0, 30, 61, 62])
        kafka.assign_files(recs, 3, "t", kafka.SinkSettings(flush_size=1000, rotate_schedule_interval_ms=0, rotate_interval_ms=60_000))
        self.assertEqual([r["committed_at"] is not None for r in recs], [True, True, False, False])
        self.assertEqual(recs[0]["committed_at"], recs[2]["ts"])

    def test_the_lake_as_of_an_instant_holds_only_what_was_committed(self):
        recs = self.ticks([0, 30, 61, 62, 200])
        as_of = recs[0]["ts"] + 130_000
        kafka.assign_files(recs, 3, "t", kafka.SinkSettings(rotate_schedule_interval_ms=60_000), as_of_ms=as_of)
        self.assertEqual([r["committed_at"] is not None for r in recs], [True, True, True, True, False])

    def test_after_a_quiet_spell_the_first_record_is_committed_at_once(self):
        # The schedule is renewed only by a time-based commit; an overdue one fires on the next put.
        recs = self.ticks([0, 10, 3600, 3610])
        kafka.assign_files(recs, 3, "t", kafka.SinkSettings(rotate_schedule_interval_ms=60_000))
        self.assertEqual(recs[2]["committed_at"], recs[2]["ts"])
        self.assertNotEqual(recs[2]["file"], recs[3]["file"])

    def test_next_scheduled_rotation_follows_datetimeutils(self):
        # DateTimeUtilsTest (kafka-connect-storage-common): periods count from local midnight, capped at the next one.
        utc = kafka.SinkSettings().tz
        midnight = 1767571200000  # 2026-01-05T00:00:00Z
        hour = 3_600_000
        self.assertEqual(kafka.next_scheduled_rotation(midnight, hour, utc), midnight + hour)
        self.assertEqual(kafka.next_scheduled_rotation(midnight - 1000, hour, utc), midnight)
        self.assertEqual(kafka.next_scheduled_rotation(midnight + 1000, hour, utc), midnight + hour)
        self.assertEqual(kafka.next_scheduled_rotation(midnight + 23 * hour + 1, 7 * hour, utc), midnight + 24 * hour)
        try:
            sydney = kafka.SinkSettings(timezone="Australia/Sydney").tz  # UTC+11 in January
        except Exception as e:  # zoneinfo.ZoneInfoNotFoundError on an image without a tz database
            self.skipTest(f"no tz database: {e}")
        self.assertEqual(kafka.next_scheduled_rotation(midnight, 86_400_000, sydney), midnight + 13 * hour)


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
