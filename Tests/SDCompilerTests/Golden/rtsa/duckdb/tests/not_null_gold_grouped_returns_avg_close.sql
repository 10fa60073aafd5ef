select avg_close
from "rtsa"."main"."gold_grouped_returns"
where avg_close is null
