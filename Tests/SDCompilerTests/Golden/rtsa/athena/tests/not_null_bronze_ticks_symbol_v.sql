select symbol_v
from "awsdatacatalog"."rtsa_dev"."bronze_ticks"
where symbol_v is null
