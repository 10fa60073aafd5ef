select trade_date
from "awsdatacatalog"."rtsa_dev"."gold_grouped_avg_daily"
where trade_date is null
