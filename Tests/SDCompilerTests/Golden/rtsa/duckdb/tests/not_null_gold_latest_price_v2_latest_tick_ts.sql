select latest_tick_ts
from "rtsa"."main"."gold_latest_price_v2"
where latest_tick_ts is null
