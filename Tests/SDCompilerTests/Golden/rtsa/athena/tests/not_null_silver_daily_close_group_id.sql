select group_id
from "awsdatacatalog"."rtsa_dev"."silver_daily_close"
where group_id is null
