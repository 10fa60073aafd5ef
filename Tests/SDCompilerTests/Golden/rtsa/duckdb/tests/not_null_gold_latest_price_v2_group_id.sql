select group_id
from "rtsa"."main"."gold_latest_price_v2"
where group_id is null
