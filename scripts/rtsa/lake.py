"""Writes ticks into the local lake exactly where and how the Kafka Connect S3 sink would.

One duckdb CLI process does the whole write: the rows go to a temporary CSV, are loaded once, and
each sink file is one COPY ... (FORMAT parquet, COMPRESSION snappy) of its rows in offset order.
"""

import csv
import datetime as dt
import os
import shutil
import subprocess
import tempfile

from . import kafka

# Value columns of TICKS_ENRICHED_V2 in the order of the CSAS projection. ksqlDB upper-cases
# unquoted identifiers, so the Avro schema, and the Parquet files the sink derives from it, carry
# these names. SYMBOL_V is AS_VALUE(SYMBOL): the key itself is not part of the value.
LAKE_COLUMNS = (
    ("SYMBOL_V", "VARCHAR"),
    ("PRICE", "DOUBLE"),
    ("VOLUME", "BIGINT"),
    ("NOTIONAL", "DOUBLE"),
    ("EXCHANGE", "VARCHAR"),
    ("TS", "BIGINT"),
    ("TICK_TIME", "TIMESTAMP_MS"),
)

TICK_CSV_HEADER = ["symbol_v", "tick_time", "price", "volume", "exchange"]


def format_tick_time(ts_ms: int) -> str:
    """ISO-8601 UTC with milliseconds, the tick_time field of the ticks CSV."""
    t = dt.datetime.fromtimestamp(ts_ms / 1000, tz=dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts_ms % 1000:03d}Z"


def parse_tick_time(text: str) -> int:
    """Epoch milliseconds of an ISO-8601 UTC instant such as 2026-07-01T13:30:00.250Z."""
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return round(t.timestamp() * 1000)


def read_ticks_csv(path: str):
    """Reads a ticks CSV (TICK_CSV_HEADER) into produce-order records; empty fields are nulls."""
    records = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ts = parse_tick_time(row["tick_time"])
            records.append(
                {
                    "symbol_v": row["symbol_v"],
                    "ts": ts,
                    "dt": format_tick_time(ts)[:10],
                    "price": row["price"],
                    "volume": row["volume"],
                    "exchange": row["exchange"],
                }
            )
    return records


def write_ticks_csv(path: str, records) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(TICK_CSV_HEADER)
        for r in records:
            w.writerow([r["symbol_v"], format_tick_time(r["ts"]), r["price"], r["volume"], r["exchange"]])


def _sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def write_lake(records, out: str, topic: str, partitions: int, settings, duckdb: str, as_of_ms=None) -> list[str]:
    """Writes the files the sink has committed by `as_of_ms` (kafka.assign_files) under `out`;
    returns the object keys written, sorted. Records in files not yet committed are left out, as
    they are invisible in S3.

    The topic's folder is replaced as a whole so that a rerun leaves no stale files behind.
    """
    kafka.assign_files(records, partitions, topic, settings, as_of_ms)
    records = [r for r in records if r["committed_at"] is not None]
    topic_dir = os.path.join(out, "topics", topic)
    if os.path.isdir(topic_dir):
        shutil.rmtree(topic_dir)
    files = sorted({r["file"] for r in records})
    for key in files:
        os.makedirs(os.path.dirname(os.path.join(out, key)), exist_ok=True)
    file_no = {key: i for i, key in enumerate(files)}
    with tempfile.TemporaryDirectory(prefix="rtsa-produce-") as tmp:
        rows_csv = os.path.join(tmp, "rows.csv")
        with open(rows_csv, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["file_no", "kafka_offset", "SYMBOL_V", "PRICE", "VOLUME", "EXCHANGE", "TS"])
            for r in records:
                w.writerow([file_no[r["file"]], r["offset"], r["symbol_v"], r["price"], r["volume"], r["exchange"], r["ts"]])
        # NOTIONAL is PRICE * VOLUME as the ksqlDB projection computes it (DOUBLE * BIGINT);
        # TICK_TIME is FROM_UNIXTIME(TS), a ksqlDB TIMESTAMP, which Avro and Parquet carry in millis.
        # One pass writes every file (PARTITION_BY, the partition column left out of the files, rows in
        # offset order); each is then moved to its object key.
        parts = os.path.join(tmp, "parts")
        select = (
            "SELECT SYMBOL_V, PRICE, VOLUME, PRICE * CAST(VOLUME AS DOUBLE) AS NOTIONAL, EXCHANGE, TS, "
            "CAST(epoch_ms(TS) AS TIMESTAMP_MS) AS TICK_TIME, file_no FROM rows ORDER BY file_no, kafka_offset"
        )
        lines = [
            "SET threads = 1;",
            "CREATE TEMP TABLE rows AS SELECT * FROM read_csv("
            + _sql_string(rows_csv)
            + ", header = true, nullstr = '', columns = {'file_no': 'BIGINT', 'kafka_offset': 'BIGINT', "
            "'SYMBOL_V': 'VARCHAR', 'PRICE': 'DOUBLE', 'VOLUME': 'BIGINT', 'EXCHANGE': 'VARCHAR', 'TS': 'BIGINT'});",
            f"COPY ({select}) TO {_sql_string(parts)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (file_no));",
        ]
        script = os.path.join(tmp, "write.sql")
        with open(script, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        proc = subprocess.run([duckdb, "-bail", "-init", "/dev/null", "-c", f".read {script}"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"produce_ticks: duckdb failed ({proc.returncode}):\n{proc.stderr}")
        for key, i in file_no.items():
            folder = os.path.join(parts, f"file_no={i}")
            written = sorted(n for n in os.listdir(folder) if n.endswith(".parquet"))
            if len(written) != 1:
                raise SystemExit(f"produce_ticks: expected one file in {folder}, found {written}")
            shutil.move(os.path.join(folder, written[0]), os.path.join(out, key))
    return files
