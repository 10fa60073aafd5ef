select group_name
from "rtsa"."main"."gold_latest_price_v2"
where group_name is null
