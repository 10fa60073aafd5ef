select price
from "rtsa"."main"."bronze_ticks"
where price is null
