select symbol_v
from "awsdatacatalog"."rtsa_dev"."symbol_groups"
where symbol_v is null
