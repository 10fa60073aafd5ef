select latest_tick_ts
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2"
where latest_tick_ts is null
