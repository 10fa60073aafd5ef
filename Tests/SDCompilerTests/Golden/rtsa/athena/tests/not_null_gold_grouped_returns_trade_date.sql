select trade_date
from "awsdatacatalog"."rtsa_dev"."gold_grouped_returns"
where trade_date is null
