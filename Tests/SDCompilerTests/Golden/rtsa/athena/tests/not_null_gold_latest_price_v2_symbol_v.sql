select symbol_v
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2"
where symbol_v is null
