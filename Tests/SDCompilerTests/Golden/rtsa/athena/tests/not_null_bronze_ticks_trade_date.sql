select trade_date
from "awsdatacatalog"."rtsa_bronze"."bronze_ticks"
where trade_date is null
