select avg_latest_price
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2_grouped"
where avg_latest_price is null
