select symbol_v
from "awsdatacatalog"."rtsa_bronze"."silver_daily_close"
where symbol_v is null
