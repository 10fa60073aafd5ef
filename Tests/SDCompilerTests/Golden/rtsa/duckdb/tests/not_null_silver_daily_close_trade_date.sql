select trade_date
from "rtsa"."main"."silver_daily_close"
where trade_date is null
