select group_name
from "rtsa"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2"
where group_name is null
