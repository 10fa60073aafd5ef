<<# Latest prices per group: how many symbols have one, their plain average, and the time of the
    newest and oldest of those prices (as_of_ts, oldest_tick_ts) to show staleness. #>>
select
    group_id,
    group_name,
    count(*) as symbol_count,
    << round_decimal('avg(cast(latest_price as double))') >> as avg_latest_price,
    max(latest_tick_ts) as as_of_ts,
    min(latest_tick_ts) as oldest_tick_ts
from << ref('gold_latest_price_v2') >>
group by group_id, group_name
