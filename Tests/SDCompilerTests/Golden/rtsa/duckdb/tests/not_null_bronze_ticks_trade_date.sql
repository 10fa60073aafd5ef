select trade_date
from "rtsa"."rtsa_bronze"."bronze_ticks"
where trade_date is null
