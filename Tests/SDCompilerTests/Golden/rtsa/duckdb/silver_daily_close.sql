






with __dbt__cte__silver_ticks_grouped as (
select
    t.symbol_v,
    g.group_id,
    g.group_name,
    t.price,
    t.volume,
    t.ts_ms,
    t.tick_ts,
    t.trade_date,
    t.dt
from "rtsa"."rtsa_bronze"."bronze_ticks" as t
inner join "rtsa"."rtsa_bronze"."symbol_groups" as g
    on g.symbol_v = t.symbol_v
), ticks as (

    select *
    from __dbt__cte__silver_ticks_grouped
    

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
    (cast(sum(price * volume) as double) / nullif(cast(sum(volume) as double), 0)) as vwap,
    count(*) as tick_count,
    min(tick_ts) as first_tick_ts,
    max(tick_ts) as last_tick_ts
from ordered
group by symbol_v, group_id, group_name, trade_date
