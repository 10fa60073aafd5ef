<< config(materialized='ephemeral') >>
<<# Ticks of the symbols the seed knows, with their group. Ephemeral: it only feeds
    silver_daily_close, which inlines it as a CTE. Symbols missing from the seed are dropped. #>>
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
from << ref('bronze_ticks') >> as t
inner join << ref('symbol_groups') >> as g
    on g.symbol_v = t.symbol_v
