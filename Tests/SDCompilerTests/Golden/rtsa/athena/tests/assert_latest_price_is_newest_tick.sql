
with newest as (

    select symbol_v, max(tick_ts) as newest_tick_ts
    from "awsdatacatalog"."rtsa_bronze"."bronze_ticks"
    group by symbol_v

),

per_group as (

    select group_id, count(*) as symbol_count
    from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2"
    group by group_id

)

select l.symbol_v, cast(null as bigint) as group_id, 'latest tick is not the newest tick' as problem
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2" as l
inner join newest as n
    on n.symbol_v = l.symbol_v
where l.latest_tick_ts <> n.newest_tick_ts
union all
select cast(null as varchar) as symbol_v, g.group_id, 'symbol_count disagrees' as problem
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2_grouped" as g
left join per_group as p
    on p.group_id = g.group_id
where p.symbol_count is null or p.symbol_count <> g.symbol_count
