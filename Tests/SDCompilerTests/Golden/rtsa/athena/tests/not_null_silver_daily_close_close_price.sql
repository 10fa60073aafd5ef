select close_price
from "awsdatacatalog"."rtsa_bronze"."silver_daily_close"
where close_price is null
