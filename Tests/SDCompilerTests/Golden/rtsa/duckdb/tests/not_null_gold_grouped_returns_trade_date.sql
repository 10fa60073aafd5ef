select trade_date
from "rtsa"."main"."gold_grouped_returns"
where trade_date is null
