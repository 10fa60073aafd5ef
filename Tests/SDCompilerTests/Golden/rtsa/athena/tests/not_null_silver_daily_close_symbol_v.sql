select symbol_v
from "awsdatacatalog"."rtsa_dev"."silver_daily_close"
where symbol_v is null
