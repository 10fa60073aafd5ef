select symbol_v
from "awsdatacatalog"."rtsa_bronze"."bronze_ticks"
where symbol_v is null
