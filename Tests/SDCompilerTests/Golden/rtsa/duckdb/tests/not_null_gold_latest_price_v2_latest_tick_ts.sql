select latest_tick_ts
from "rtsa"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2"
where latest_tick_ts is null
