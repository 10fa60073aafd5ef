
with first_day as (

    select group_id, min(trade_date) as first_trade_date
    from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_grouped_avg_daily"
    group by group_id

)


select
    r.group_id,
    r.trade_date,
    7 as window_days,
    r.return_7d as period_return
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_grouped_returns" as r
inner join first_day as f
    on f.group_id = r.group_id
where (r.return_7d is null) <> (f.first_trade_date > date_add('day', -7, r.trade_date))

union all
select
    r.group_id,
    r.trade_date,
    30 as window_days,
    r.return_30d as period_return
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_grouped_returns" as r
inner join first_day as f
    on f.group_id = r.group_id
where (r.return_30d is null) <> (f.first_trade_date > date_add('day', -30, r.trade_date))

union all
select
    r.group_id,
    r.trade_date,
    90 as window_days,
    r.return_90d as period_return
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_grouped_returns" as r
inner join first_day as f
    on f.group_id = r.group_id
where (r.return_90d is null) <> (f.first_trade_date > date_add('day', -90, r.trade_date))

