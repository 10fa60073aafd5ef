select avg_close
from "awsdatacatalog"."rtsa_dev"."gold_grouped_returns"
where avg_close is null
