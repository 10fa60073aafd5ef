select group_id
from "rtsa"."main"."silver_daily_close"
where group_id is null
