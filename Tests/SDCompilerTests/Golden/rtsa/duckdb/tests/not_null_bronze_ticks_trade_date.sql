select trade_date
from "rtsa"."main"."bronze_ticks"
where trade_date is null
