select group_id
from "awsdatacatalog"."rtsa_dev"."symbol_groups"
where group_id is null
