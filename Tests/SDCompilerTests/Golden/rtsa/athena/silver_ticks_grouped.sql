

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
from "awsdatacatalog"."rtsa_bronze"."bronze_ticks" as t
inner join "awsdatacatalog"."rtsa_bronze"."symbol_groups" as g
    on g.symbol_v = t.symbol_v
