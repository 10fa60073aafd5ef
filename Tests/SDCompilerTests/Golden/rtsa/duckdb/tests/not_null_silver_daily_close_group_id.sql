select group_id
from "rtsa"."rtsa_bronze"."silver_daily_close"
where group_id is null
