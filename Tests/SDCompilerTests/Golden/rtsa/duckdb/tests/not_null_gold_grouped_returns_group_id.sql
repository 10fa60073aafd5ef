select group_id
from "rtsa"."rtsa_bronze_rtsa_gold"."gold_grouped_returns"
where group_id is null
