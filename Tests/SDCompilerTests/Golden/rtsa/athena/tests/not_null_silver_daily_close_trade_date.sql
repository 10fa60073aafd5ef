select trade_date
from "awsdatacatalog"."rtsa_dev"."silver_daily_close"
where trade_date is null
