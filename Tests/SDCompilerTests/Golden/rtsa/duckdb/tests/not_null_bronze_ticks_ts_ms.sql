select ts_ms
from "rtsa"."main"."bronze_ticks"
where ts_ms is null
