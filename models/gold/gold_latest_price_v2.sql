<<# The latest price of every symbol: the close of its newest trading day, which is the price of
    its newest tick (ties at the same millisecond: the higher price, as in silver_daily_close). #>>
with ranked as (

    select
        symbol_v,
        group_id,
        group_name,
        trade_date,
        close_price,
        last_tick_ts,
        row_number() over (partition by symbol_v order by trade_date desc) as recency_rank
    from << ref('silver_daily_close') >>

)

select
    symbol_v,
    group_id,
    group_name,
    << round_decimal('close_price') >> as latest_price,
    last_tick_ts as latest_tick_ts,
    trade_date as latest_trade_date
from ranked
where recency_rank = 1
