select group_id
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_latest_price_v2_grouped"
where group_id is null
