select group_name
from "awsdatacatalog"."rtsa_dev"."gold_latest_price_v2"
where group_name is null
