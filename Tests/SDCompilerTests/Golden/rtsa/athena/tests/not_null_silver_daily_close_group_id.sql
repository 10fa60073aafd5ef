select group_id
from "awsdatacatalog"."rtsa_bronze"."silver_daily_close"
where group_id is null
