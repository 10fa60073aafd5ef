select symbol_v
from "rtsa"."main"."bronze_ticks"
where symbol_v is null
