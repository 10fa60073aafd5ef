select symbol_v
from "awsdatacatalog"."rtsa_bronze"."symbol_groups"
where symbol_v is null
