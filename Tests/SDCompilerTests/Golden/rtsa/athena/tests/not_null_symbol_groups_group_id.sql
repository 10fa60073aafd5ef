select group_id
from "awsdatacatalog"."rtsa_bronze"."symbol_groups"
where group_id is null
