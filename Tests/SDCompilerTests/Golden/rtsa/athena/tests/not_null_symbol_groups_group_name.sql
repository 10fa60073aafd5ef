select group_name
from "awsdatacatalog"."rtsa_dev"."symbol_groups"
where group_name is null
