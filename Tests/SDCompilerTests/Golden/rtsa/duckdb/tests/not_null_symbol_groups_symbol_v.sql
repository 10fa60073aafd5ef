select symbol_v
from "rtsa"."main"."symbol_groups"
where symbol_v is null
