select group_id
from "rtsa"."main"."symbol_groups"
where group_id is null
