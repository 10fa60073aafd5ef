
with ranked as (

    select
        symbol_v,
        group_id,
        group_name,
        trade_date,
        close_price,
        last_tick_ts,
        row_number() over (partition by symbol_v order by trade_date desc) as recency_rank
    from "awsdatacatalog"."rtsa_bronze"."silver_daily_close"

)

select
    symbol_v,
    group_id,
    group_name,
    cast(round(close_price, 6) as decimal(18, 6)) as latest_price,
    last_tick_ts as latest_tick_ts,
    trade_date as latest_trade_date
from ranked
where recency_rank = 1
