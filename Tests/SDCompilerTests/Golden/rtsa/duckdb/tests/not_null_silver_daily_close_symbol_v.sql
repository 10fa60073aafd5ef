select symbol_v
from "rtsa"."main"."silver_daily_close"
where symbol_v is null
