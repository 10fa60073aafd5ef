select symbol_v
from "rtsa"."rtsa_bronze"."symbol_groups"
where symbol_v is null
