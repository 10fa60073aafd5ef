select avg_close
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_grouped_avg_daily"
where avg_close is null
