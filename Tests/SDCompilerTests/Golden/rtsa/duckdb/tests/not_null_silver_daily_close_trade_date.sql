select trade_date
from "rtsa"."rtsa_bronze"."silver_daily_close"
where trade_date is null
