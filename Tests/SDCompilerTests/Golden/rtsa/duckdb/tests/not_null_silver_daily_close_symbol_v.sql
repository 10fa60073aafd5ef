select symbol_v
from "rtsa"."rtsa_bronze"."silver_daily_close"
where symbol_v is null
