
select
    group_id,
    group_name,
    count(*) as symbol_count,
    cast(round(avg(cast(latest_price as double)), 6) as decimal(18, 6)) as avg_latest_price,
    max(latest_tick_ts) as as_of_ts,
    min(latest_tick_ts) as oldest_tick_ts
from "rtsa"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2"
group by group_id, group_name
