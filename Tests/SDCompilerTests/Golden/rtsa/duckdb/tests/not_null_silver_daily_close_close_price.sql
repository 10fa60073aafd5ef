select close_price
from "rtsa"."main"."silver_daily_close"
where close_price is null
