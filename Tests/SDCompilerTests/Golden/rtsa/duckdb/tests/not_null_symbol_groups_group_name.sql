select group_name
from "rtsa"."main"."symbol_groups"
where group_name is null
