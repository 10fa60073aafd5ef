select group_id
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_grouped_avg_daily"
where group_id is null
