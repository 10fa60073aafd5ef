select avg_close
from "rtsa"."rtsa_bronze_rtsa_gold"."gold_grouped_avg_daily"
where avg_close is null
