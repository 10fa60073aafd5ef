<<# epoch_ms_to_timestamp(expr): the UTC TIMESTAMP (without time zone) of epoch milliseconds.
    The lake's TS column is the tick's event time as BIGINT epoch millis (ksqlDB ROWTIME); deriving
    the timestamp from it, rather than reading TICK_TIME, avoids engine differences: a Parquet
    TIMESTAMP that the real sink marks isAdjustedToUTC reads as TIMESTAMP WITH TIME ZONE on DuckDB.
    DuckDB: epoch_ms; Athena/Trino (default__): adding millis to the epoch is free of session
    time zones, unlike from_unixtime. #>>

<< macro duckdb__epoch_ms_to_timestamp(expr) ->>
epoch_ms(cast(<< expr >> as bigint))
<<- endmacro >>

<< macro default__epoch_ms_to_timestamp(expr) ->>
date_add('millisecond', cast(<< expr >> as bigint), timestamp '1970-01-01 00:00:00.000')
<<- endmacro >>
