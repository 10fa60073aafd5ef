
select
    group_id,
    group_name,
    trade_date,
    count(*) as symbol_count,
    cast(round(avg(close_price), 6) as decimal(18, 6)) as avg_close
from "rtsa"."rtsa_bronze"."silver_daily_close"
group by group_id, group_name, trade_date
