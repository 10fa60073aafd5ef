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


def assign_files(records, partitions: int, flush_size: int, topic: str):
    """Assigns offsets and output files the way the sink would, for records in produce order.

    `records` are dicts with `symbol_v`, `ts` (epoch ms) and `dt`; each gets `partition`,
    `offset` and `file` (its object key). Per Kafka partition offsets start at 0 and grow by one;
    the sink starts a new file when the day (encoded partition) changes or when the open file
    already holds flush_size records, and names it after the offset of its first record.
    """
    next_offset = [0] * partitions
    open_file = [None] * partitions  # (dt, key, count)
    for rec in records:
        p = partition_for_key(rec["symbol_v"], partitions)
        off = next_offset[p]
        next_offset[p] = off + 1
        cur = open_file[p]
        if cur is None or cur[0] != rec["dt"] or cur[2] >= flush_size:
            cur = (rec["dt"], object_key(topic, rec["dt"], p, off), 0)
        open_file[p] = (cur[0], cur[1], cur[2] + 1)
        rec["partition"] = p
        rec["offset"] = off
        rec["file"] = cur[1]
    return records
