select ts_ms
from "awsdatacatalog"."rtsa_dev"."bronze_ticks"
where ts_ms is null
