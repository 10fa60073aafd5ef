select ts_ms
from "rtsa"."rtsa_bronze"."bronze_ticks"
where ts_ms is null
