select group_id
from "rtsa"."main"."gold_grouped_returns"
where group_id is null
