select symbol_v
from "awsdatacatalog"."rtsa_dev"."gold_latest_price_v2"
where symbol_v is null
