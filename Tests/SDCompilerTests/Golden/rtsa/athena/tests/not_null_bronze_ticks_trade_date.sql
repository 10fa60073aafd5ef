select trade_date
from "awsdatacatalog"."rtsa_dev"."bronze_ticks"
where trade_date is null
