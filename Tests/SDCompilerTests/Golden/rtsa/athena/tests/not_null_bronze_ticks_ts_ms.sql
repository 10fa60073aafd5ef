select ts_ms
from "awsdatacatalog"."rtsa_bronze"."bronze_ticks"
where ts_ms is null
