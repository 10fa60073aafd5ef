
with source as (

    select * from "awsdatacatalog"."rtsa_lake"."ticks_enriched_v2"

),

typed as (

    select
        upper(trim(cast(symbol_v as varchar))) as symbol_v,
        cast(price as double) as price,
        cast(volume as bigint) as volume,
        cast(notional as double) as notional,
        cast(exchange as varchar) as exchange,
        cast(ts as bigint) as ts_ms,
        date_add('millisecond', cast(ts as bigint), timestamp '1970-01-01 00:00:00.000') as tick_ts,
        cast(dt as date) as dt
    from source

)

select distinct
    symbol_v,
    price,
    volume,
    notional,
    exchange,
    ts_ms,
    tick_ts,
    cast(tick_ts as date) as trade_date,
    dt
from typed
where symbol_v is not null
  and symbol_v <> ''
  and price > 0
  and volume >= 0
  and ts_ms is not null
