

with daily as (

    select
        group_id,
        group_name,
        trade_date,
        cast(avg_close as double) as avg_close
    from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_grouped_avg_daily"

)

, base_day_7d as (

    select
        d.group_id,
        d.trade_date,
        max(p.trade_date) as base_date
    from daily as d
    inner join daily as p
        on p.group_id = d.group_id
       and p.trade_date <= date_add('day', -7, d.trade_date)
    group by d.group_id, d.trade_date

)

, return_7d as (

    select
        k.group_id,
        k.trade_date,
        cast(round(d.avg_close / nullif(b.avg_close, 0) - 1, 6) as decimal(18, 6)) as period_return
    from base_day_7d as k
    inner join daily as d
        on d.group_id = k.group_id
       and d.trade_date = k.trade_date
    inner join daily as b
        on b.group_id = k.group_id
       and b.trade_date = k.base_date

)

, base_day_30d as (

    select
        d.group_id,
        d.trade_date,
        max(p.trade_date) as base_date
    from daily as d
    inner join daily as p
        on p.group_id = d.group_id
       and p.trade_date <= date_add('day', -30, d.trade_date)
    group by d.group_id, d.trade_date

)

, return_30d as (

    select
        k.group_id,
        k.trade_date,
        cast(round(d.avg_close / nullif(b.avg_close, 0) - 1, 6) as decimal(18, 6)) as period_return
    from base_day_30d as k
    inner join daily as d
        on d.group_id = k.group_id
       and d.trade_date = k.trade_date
    inner join daily as b
        on b.group_id = k.group_id
       and b.trade_date = k.base_date

)

, base_day_90d as (

    select
        d.group_id,
        d.trade_date,
        max(p.trade_date) as base_date
    from daily as d
    inner join daily as p
        on p.group_id = d.group_id
       and p.trade_date <= date_add('day', -90, d.trade_date)
    group by d.group_id, d.trade_date

)

, return_90d as (

    select
        k.group_id,
        k.trade_date,
        cast(round(d.avg_close / nullif(b.avg_close, 0) - 1, 6) as decimal(18, 6)) as period_return
    from base_day_90d as k
    inner join daily as d
        on d.group_id = k.group_id
       and d.trade_date = k.trade_date
    inner join daily as b
        on b.group_id = k.group_id
       and b.trade_date = k.base_date

)


select
    d.group_id,
    d.group_name,
    d.trade_date,
    d.trade_date as day,
    cast(round(d.avg_close, 6) as decimal(18, 6)) as avg_close
    , r7.period_return as return_7d
    , r30.period_return as return_30d
    , r90.period_return as return_90d
from daily as d
left join return_7d as r7
    on r7.group_id = d.group_id
   and r7.trade_date = d.trade_date
left join return_30d as r30
    on r30.group_id = d.group_id
   and r30.trade_date = d.trade_date
left join return_90d as r90
    on r90.group_id = d.group_id
   and r90.trade_date = d.trade_date
