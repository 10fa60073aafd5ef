select group_id
from "rtsa"."main"."gold_grouped_avg_daily"
where group_id is null
