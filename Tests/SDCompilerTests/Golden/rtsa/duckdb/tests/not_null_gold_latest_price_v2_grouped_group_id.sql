select group_id
from "rtsa"."main"."gold_latest_price_v2_grouped"
where group_id is null
