select latest_price
from "rtsa"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2"
where latest_price is null
