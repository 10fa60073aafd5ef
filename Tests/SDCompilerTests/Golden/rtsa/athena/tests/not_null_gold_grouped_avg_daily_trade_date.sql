select trade_date
from "awsdatacatalog"."rtsa_bronze_rtsa_gold"."gold_grouped_avg_daily"
where trade_date is null
