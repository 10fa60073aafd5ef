
select *
from "awsdatacatalog"."rtsa_bronze"."silver_daily_close"
where open_price < low_price
   or open_price > high_price
   or close_price < low_price
   or close_price > high_price
   or vwap < low_price - 1e-9
   or vwap > high_price + 1e-9
   or volume < 0
   or tick_count < 1
