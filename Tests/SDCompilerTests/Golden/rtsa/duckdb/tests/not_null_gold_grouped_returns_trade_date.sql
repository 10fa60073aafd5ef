select trade_date
from "rtsa"."rtsa_bronze_rtsa_gold"."gold_grouped_returns"
where trade_date is null
