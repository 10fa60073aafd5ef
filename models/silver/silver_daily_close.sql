<< config(
    materialized='incremental',
    unique_key=['symbol_v', 'trade_date'],
    on_schema_change='fail'
) >>
<<# Athena replaces rows by key only in Iceberg tables (MERGE); DuckDB deletes and re-inserts. #>>
<< if target.type == 'athena' >>
<< config(table_type='iceberg', incremental_strategy='merge') >>
<< else >>
<< config(incremental_strategy='delete+insert') >>
<< endif >>
<<# One row per symbol and trading day. Ticks are ordered by (ts_ms, price): open is the first,
    close the last, so two ticks at the same millisecond resolve the same way on every engine.
    Incremental runs rebuild the days from `incremental_lookback_days` calendar days before the
    newest stored day on; the unique key replaces those rows. #>>
<< set lookback = var('incremental_lookback_days', 3) >>
with ticks as (

    select *
    from << ref('silver_ticks_grouped') >>
    << if is_incremental() >>
    where dt >= (select << dateadd_days('max(trade_date)', -lookback) >> from << this >>)
    << endif >>

),

ordered as (

    select
        ticks.*,
        row_number() over (partition by symbol_v, trade_date order by ts_ms asc, price asc) as first_rank,
        row_number() over (partition by symbol_v, trade_date order by ts_ms desc, price desc) as last_rank
    from ticks

)

select
    symbol_v,
    group_id,
    group_name,
    trade_date,
    max(case when first_rank = 1 then price end) as open_price,
    max(price) as high_price,
    min(price) as low_price,
    max(case when last_rank = 1 then price end) as close_price,
    cast(sum(volume) as bigint) as volume,
    << safe_divide('sum(price * volume)', 'sum(volume)') >> as vwap,
    count(*) as tick_count,
    min(tick_ts) as first_tick_ts,
    max(tick_ts) as last_tick_ts
from ordered
group by symbol_v, group_id, group_name, trade_date
