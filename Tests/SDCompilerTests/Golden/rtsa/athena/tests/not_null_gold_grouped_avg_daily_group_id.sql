select group_id
from "awsdatacatalog"."rtsa_dev"."gold_grouped_avg_daily"
where group_id is null
