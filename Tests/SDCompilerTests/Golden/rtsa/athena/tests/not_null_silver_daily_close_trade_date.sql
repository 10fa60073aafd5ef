select trade_date
from "awsdatacatalog"."rtsa_bronze"."silver_daily_close"
where trade_date is null
