select avg_close
from "awsdatacatalog"."rtsa_dev"."gold_grouped_avg_daily"
where avg_close is null
