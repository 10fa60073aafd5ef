select symbol_v
from "rtsa"."main"."gold_latest_price_v2"
where symbol_v is null
