select trade_date
from "rtsa"."main"."gold_grouped_avg_daily"
where trade_date is null
