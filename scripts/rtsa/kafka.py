"""What Kafka and the Connect S3 sink decide about a record: its partition and the file it lands in."""


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) on 32-bit signed ints."""
    m = 0x5BD1E995
    mask = 0xFFFFFFFF
    length = len(data)
    h = (0x9747B28C ^ length) & mask
    for i in range(length // 4):
        k = int.from_bytes(data[4 * i : 4 * i + 4], "little")
        k = (k * m) & mask
        k ^= k >> 24
        k = (k * m) & mask
        h = (h * m) & mask
        h ^= k
    tail = length & ~3
    rest = length % 4
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    h ^= h >> 15
    return h  # unsigned view of Java's int


def partition_for_key(key: str, partitions: int) -> int:
    """The default partitioner for a non-null key: toPositive(murmur2(utf8 bytes)) % partitions.

    ksqlDB writes TICKS_ENRICHED_V2 keyed by SYMBOL with KEY_FORMAT='KAFKA', i.e. the raw UTF-8
    bytes of the string, so this is also where the stream's records live.
    """
    return (murmur2(key.encode("utf-8")) & 0x7FFFFFFF) % partitions


def object_key(topic: str, dt: str, partition: int, start_offset: int) -> str:
    """The S3 key the sink commits a file under, relative to the lake root.

    Layout of kafka-connect-storage-cloud with topics.dir=topics, TimeBasedPartitioner and
    path.format='dt'=YYYY-MM-dd: <topics.dir>/<topic>/dt=<day>/<topic>+<partition>+<start
    offset zero-padded to 10 digits>.snappy.parquet.
    """
    return f"topics/{topic}/dt={dt}/{topic}+{partition}+{start_offset:010d}.snappy.parquet"


DAY_MS = 86_400_000


def next_scheduled_rotation(now_ms: int, period_ms: int, tz) -> int:
    """When a scheduled rotation fires next: the next multiple of the period counted from local
    midnight in `tz`, at most the next midnight (DateTimeUtils.getNextTimeAdjustedByDay,
    kafka-connect-storage-common). `tz` is a datetime.tzinfo."""
    import datetime as _dt

    offset = int(_dt.datetime.fromtimestamp(now_ms / 1000, tz).utcoffset().total_seconds() * 1000)
    start_of_day = (now_ms + offset) // DAY_MS * DAY_MS - offset
    next_offset = ((now_ms - start_of_day) // period_ms + 1) * period_ms
    return start_of_day + min(next_offset, DAY_MS)


class SinkSettings:
    """The connector settings that decide when a file is committed (streaming/rtsa.yml)."""

    def __init__(self, flush_size=1000, rotate_schedule_interval_ms=600_000, rotate_interval_ms=0, timezone="UTC"):
        import datetime as _dt

        self.flush_size = flush_size
        self.rotate_schedule_interval_ms = rotate_schedule_interval_ms
        self.rotate_interval_ms = rotate_interval_ms
        self.timezone = timezone
        if timezone in ("UTC", "Etc/UTC", "Z"):
            self.tz = _dt.timezone.utc  # no tz database needed (a bare CI image may lack one)
        else:
            import zoneinfo

            self.tz = zoneinfo.ZoneInfo(timezone)


class PartitionWriter:
    """One Kafka partition's TopicPartitionWriter (kafka-connect-storage-cloud), records put one at a
    time at their own timestamp (a live feed with no pipeline delay), with empty puts in between as
    the consumer's poll loop makes them. It keeps one open file per encoded partition (day) and
    commits them all together when:

    * flush.size records were written since the last commit (counted over all open files);
    * rotate.interval.ms is set and a record's timestamp is that far past the first one since the
      commit, or a record belongs to another day: checked only when a record arrives, so the last
      files wait for a later record;
    * rotate.schedule.interval.ms is set and the wall clock passed the next scheduled rotation:
      checked on every put, also the empty ones, so files are committed without new records. The
      schedule is renewed only by a time-based commit, so after a quiet spell the first record is
      committed at once (its schedule is already due).

    A committed file is named after its first offset; `committed_at` is the wall-clock time of
    the commit."""

    def __init__(self, partition: int, topic: str, settings: SinkSettings, started_ms: int):
        self.partition = partition
        self.topic = topic
        self.s = settings
        self.count = 0
        self.base_ts = None
        self.current = None
        self.start_offsets = {}
        self.open = []
        self.next_scheduled = None
        if settings.rotate_schedule_interval_ms > 0:
            self.next_scheduled = next_scheduled_rotation(started_ms, settings.rotate_schedule_interval_ms, settings.tz)

    def _rotate_on_time(self, day, ts, now):
        if self.count <= 0:
            return False
        periodic = self.s.rotate_interval_ms > 0 and (ts - self.base_ts >= self.s.rotate_interval_ms or day != self.current)
        scheduled = self.next_scheduled is not None and now >= self.next_scheduled
        return periodic or scheduled

    def _commit(self, now):
        for rec in self.open:
            rec["committed_at"] = now
        self.open = []
        self.start_offsets = {}
        self.count = 0
        self.base_ts = None
        self.current = None

    def _time_commit(self, now):
        if self.next_scheduled is not None:
            self.next_scheduled = next_scheduled_rotation(now, self.s.rotate_schedule_interval_ms, self.s.tz)
        self._commit(now)

    def idle_until(self, now):
        """Empty puts up to `now`: each due scheduled rotation with open files commits them."""
        while self.count > 0 and self.next_scheduled is not None and self.next_scheduled <= now:
            self._time_commit(self.next_scheduled)

    def put(self, rec, offset):
        now = rec["ts"]
        self.idle_until(now - 1)
        if self.base_ts is None:
            self.base_ts = rec["ts"]
        if self._rotate_on_time(rec["dt"], rec["ts"], now):
            self._time_commit(now)
            self.base_ts = rec["ts"]
        self.current = rec["dt"]
        start = self.start_offsets.setdefault(rec["dt"], offset)
        rec["partition"] = self.partition
        rec["offset"] = offset
        rec["file"] = object_key(self.topic, rec["dt"], self.partition, start)
        rec["committed_at"] = None
        self.open.append(rec)
        self.count += 1
        if self.count >= self.s.flush_size:
            self._commit(now)
        elif self._rotate_on_time(self.current, rec["ts"], now):
            self._time_commit(now)  # commitOnTimeIfNoData, the same put


def assign_files(records, partitions: int, topic: str, settings: SinkSettings, as_of_ms=None):
    """Assigns offsets, files and commit times the way the sink would, for records in produce order.

    `records` are dicts with `symbol_v`, `ts` (epoch ms) and `dt`; each gets `partition`, `offset`,
    `file` (its object key) and `committed_at` (epoch ms, or None when the sink has not committed it
    by `as_of_ms`; None as `as_of_ms` means long after the last record, when every scheduled
    rotation has fired). Offsets start at 0 per partition.
    """
    if not records:
        return records
    started = min(r["ts"] for r in records)
    writers = [PartitionWriter(p, topic, settings, started) for p in range(partitions)]
    next_offset = [0] * partitions
    for rec in records:
        if as_of_ms is not None and rec["ts"] > as_of_ms:
            rec.update(partition=partition_for_key(rec["symbol_v"], partitions), offset=None, file=None, committed_at=None)
            continue
        p = partition_for_key(rec["symbol_v"], partitions)
        writers[p].put(rec, next_offset[p])
        next_offset[p] += 1
    for w in writers:
        w.idle_until(as_of_ms if as_of_ms is not None else 1 << 62)
    return records
