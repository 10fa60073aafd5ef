select close_price
from "awsdatacatalog"."rtsa_dev"."silver_daily_close"
where close_price is null
