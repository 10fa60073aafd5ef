select avg_close
from "rtsa"."main"."gold_grouped_avg_daily"
where avg_close is null
