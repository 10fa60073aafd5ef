select latest_price
from "rtsa"."main"."gold_latest_price_v2"
where latest_price is null
