select symbol_v
from "rtsa"."rtsa_bronze"."bronze_ticks"
where symbol_v is null
