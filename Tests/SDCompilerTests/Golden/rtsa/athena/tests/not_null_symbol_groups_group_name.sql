select group_name
from "awsdatacatalog"."rtsa_bronze"."symbol_groups"
where group_name is null
